import type { ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentResult } from "../../schemas/run-summary.js";
import { compareText } from "./compare-text.js";

/**
 * Picks, one document after another in path order, the records the tables hold: a done document's records
 * by unit index. Ids are content hashes, so two runs over the same files give the same rows and can be diffed.
 *
 * A record id is the document's hash plus the unit index, so two copies of one PDF give the same ids: the
 * first copy's records are kept (both copies still appear in `documents`), because a table keyed by id
 * cannot hold both and they were read from identical bytes. A selector remembers the ids it has let
 * through, so each pass over the documents takes a new one.
 */
export function createRecordSelector(): (document: DocumentResult) => ProjectRecord[] {
  const written = new Set<string>();
  return (document) => {
    if (document.status !== "done") return [];
    return [...document.records].sort(compareRecords).filter((record) => !written.has(record.id) && written.add(record.id));
  };
}

function compareRecords(a: ProjectRecord, b: ProjectRecord): number {
  return compareText(a.document.path, b.document.path) || a.unit.index - b.unit.index || compareText(a.id, b.id);
}
