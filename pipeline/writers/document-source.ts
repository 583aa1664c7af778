import type { DocumentResult } from "../../schemas/run-summary.js";
import { compareText } from "./compare-text.js";

/**
 * A run's documents, handed over one at a time so that no writer holds a whole run: each with its records,
 * in path order (code-point order, the same on every machine), and every record's `document.path` is the
 * path of the document it comes with. `each()` starts a new pass every time it is called — a run's source
 * reads each per-document result file again when asked — so a writer that needs the documents more than
 * once (an xlsx sheet after another) iterates again instead of keeping them.
 */
export interface DocumentSource {
  /** How many documents a pass yields. */
  readonly count: number;
  each(): AsyncIterable<DocumentResult>;
}

/** A source over documents already in memory (the review export, tests), put in path order as a run's are. */
export function documentSourceOf(documents: readonly DocumentResult[]): DocumentSource {
  const sorted = [...documents].sort((a, b) => compareText(a.path, b.path));
  return {
    count: sorted.length,
    async *each() {
      yield* sorted;
    },
  };
}
