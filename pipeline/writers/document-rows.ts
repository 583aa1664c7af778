import type { ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentResult } from "../../schemas/run-summary.js";
import { DOCUMENT_COLUMNS } from "./document-columns.js";
import { FLAG_COLUMNS } from "./flag-columns.js";
import { INDICATOR_COLUMNS } from "./indicator-columns.js";
import type { OutputColumn, OutputRow } from "./output-table.js";
import { PROJECT_COLUMNS } from "./project-columns.js";
import type { TableName } from "./table-name.js";

/**
 * What one document adds to the tables. The flags table lists every document's record flags first, then
 * every document's own flags (such as project amounts that do not add up to the department total), so a
 * writer going through the documents once keeps the second kind aside until the first is complete.
 */
export type RowSet = "projects" | "indicators" | "recordFlags" | "documentFlags" | "documents";

/** The row sets that make up each table, in the order they are written. */
export const TABLE_ROW_SETS: Readonly<Record<TableName, readonly RowSet[]>> = {
  projects: ["projects"],
  indicators: ["indicators"],
  flags: ["recordFlags", "documentFlags"],
  documents: ["documents"],
};

/**
 * The rows of one row set of one document, every cell computed, in their final order: projects by unit
 * index, indicators and flags in their record's order. `records` are the document's records as
 * `createRecordSelector` picked them; `documentFlags` and `documents` rows come from the document itself.
 */
export function documentRows(document: DocumentResult, records: readonly ProjectRecord[], set: RowSet): OutputRow[] {
  switch (set) {
    case "projects":
      return records.map((record) => cells(PROJECT_COLUMNS, record));
    case "indicators":
      return records.flatMap((record) => record.indicators.map((indicator, position) => cells(INDICATOR_COLUMNS, { record, indicator, position })));
    case "recordFlags":
      return records.flatMap((record) => record.flags.map((flag, position) => cells(FLAG_COLUMNS, { flag, position, documentPath: record.document.path, record })));
    case "documentFlags":
      return document.documentFlags.map((flag, position) => cells(FLAG_COLUMNS, { flag, position, documentPath: document.path, record: null }));
    case "documents":
      return [cells(DOCUMENT_COLUMNS, document)];
  }
}

function cells<Row>(columns: readonly OutputColumn<Row>[], row: Row): OutputRow {
  return columns.map((column) => column.value(row));
}
