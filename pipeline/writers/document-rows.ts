import type { ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentResult } from "../../schemas/run-summary.js";
import { TABLES, type TableDefinition } from "../../schemas/tables/output-tables.js";
import type { TableName } from "../../schemas/tables/table-name.js";
import type { OutputRow } from "./output-table.js";

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
 * index, indicators and flags in their record's order, each row ending with its document's value of every
 * manifest column in `manifestKeys`. `records` are the document's records as `createRecordSelector` picked
 * them; `documentFlags` and `documents` rows come from the document itself. A failed document's flags are
 * not listed (it has no records to flag), which is how `run.json` counts them too.
 */
export function documentRows(document: DocumentResult, records: readonly ProjectRecord[], set: RowSet, manifestKeys: readonly string[]): OutputRow[] {
  switch (set) {
    case "projects":
      return records.map((record) => cells(TABLES.projects, record, manifestKeys));
    case "indicators":
      return records.flatMap((record) => record.indicators.map((indicator, position) => cells(TABLES.indicators, { record, indicator, position }, manifestKeys)));
    case "recordFlags":
      return records.flatMap((record) =>
        record.flags.map((flag, position) => cells(TABLES.flags, { flag, position, documentPath: record.document.path, record, metadata: record.document.metadata }, manifestKeys)),
      );
    case "documentFlags":
      if (document.status !== "done") return [];
      return document.documentFlags.map((flag, position) =>
        cells(TABLES.flags, { flag, position, documentPath: document.path, record: null, metadata: TABLES.documents.manifest(document) }, manifestKeys),
      );
    case "documents":
      return [cells(TABLES.documents, document, manifestKeys)];
  }
}

function cells<Row>(table: TableDefinition<Row>, row: Row, manifestKeys: readonly string[]): OutputRow {
  const manifest = manifestKeys.length > 0 ? table.manifest(row) : undefined;
  return [...table.columns.map((column) => column.value(row)), ...manifestKeys.map((key) => manifest?.[key] ?? null)];
}
