import type { ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentResult } from "../../schemas/run-summary.js";
import { DOCUMENT_COLUMNS } from "./document-columns.js";
import { FLAG_COLUMNS } from "./flag-columns.js";
import type { FlagRow } from "./flag-row.js";
import { INDICATOR_COLUMNS } from "./indicator-columns.js";
import type { IndicatorRow } from "./indicator-row.js";
import type { OutputTable } from "./output-table.js";
import { PROJECT_COLUMNS } from "./project-columns.js";
import type { TableName } from "./table-name.js";
import { toOutputTable } from "./to-output-table.js";

/**
 * The four tables every tabular format writes, in a fixed order whatever order the documents finished in:
 * documents by path, projects by document path then unit index, indicators and flags in their record's
 * order. Ids are content hashes, so two runs over the same files give the same rows and can be diffed.
 *
 * A record id is the document's hash plus the unit index, so two copies of one PDF give the same ids:
 * the first copy's records are kept (both copies still appear in `documents`), because a table keyed by
 * id cannot hold both and they were read from identical bytes.
 */
export function buildOutputTables(records: readonly ProjectRecord[], documents: readonly DocumentResult[]): Record<TableName, OutputTable> {
  const sortedRecords = uniqueById([...records].sort(compareRecords));
  const sortedDocuments = [...documents].sort((a, b) => compareText(a.path, b.path));

  const indicatorRows: IndicatorRow[] = sortedRecords.flatMap((record) =>
    record.indicators.map((indicator, position) => ({ record, indicator, position })),
  );
  const flagRows: FlagRow[] = [
    ...sortedRecords.flatMap((record) => record.flags.map((flag, position) => ({ flag, position, documentPath: record.document.path, record }))),
    ...sortedDocuments.flatMap((document) =>
      document.documentFlags.map((flag, position) => ({ flag, position, documentPath: document.path, record: null })),
    ),
  ];

  return {
    projects: toOutputTable("projects", PROJECT_COLUMNS, sortedRecords),
    indicators: toOutputTable("indicators", INDICATOR_COLUMNS, indicatorRows),
    flags: toOutputTable("flags", FLAG_COLUMNS, flagRows),
    documents: toOutputTable("documents", DOCUMENT_COLUMNS, sortedDocuments),
  };
}

function compareRecords(a: ProjectRecord, b: ProjectRecord): number {
  return compareText(a.document.path, b.document.path) || a.unit.index - b.unit.index || compareText(a.id, b.id);
}

/** Code-point order: `localeCompare` depends on the machine's ICU data and locale, which would reorder rows. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function uniqueById(records: readonly ProjectRecord[]): ProjectRecord[] {
  const seen = new Set<string>();
  return records.filter((record) => !seen.has(record.id) && seen.add(record.id));
}
