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
  /** The manifest columns the documents carry (`document.metadata`), in manifest order: a column each in every table. */
  readonly manifestKeys: readonly string[];
  each(): AsyncIterable<DocumentResult>;
}

/** A source over documents already in memory (the review export, tests), put in path order as a run's are. */
export function documentSourceOf(documents: readonly DocumentResult[]): DocumentSource {
  const sorted = [...documents].sort((a, b) => compareText(a.path, b.path));
  return {
    count: sorted.length,
    manifestKeys: manifestKeysOf(sorted.flatMap((document) => [document.metadata, ...document.records.map((record) => record.document.metadata)])),
    async *each() {
      yield* sorted;
    },
  };
}

/** Every key of the given manifest rows, in the order first met: the manifest's own column order. */
export function manifestKeysOf(rows: Iterable<Readonly<Record<string, string>> | undefined>): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row ?? {})) keys.add(key);
  return [...keys];
}
