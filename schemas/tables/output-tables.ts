import type { ProjectRecord } from "../project-record.js";
import { REVIEW_COLUMNS } from "./review-columns.js";
import type { DocumentResult } from "../run-summary.js";
import { DOCUMENT_COLUMNS } from "./document-columns.js";
import { FLAG_COLUMNS } from "./flag-columns.js";
import type { FlagRow } from "./flag-row.js";
import { INDICATOR_COLUMNS } from "./indicator-columns.js";
import type { IndicatorRow } from "./indicator-row.js";
import { PROJECT_COLUMNS } from "./project-columns.js";
import type { ColumnDescription, TableColumn } from "./table-column.js";
import type { TableName } from "./table-name.js";

/** The manifest row a table row comes from (the metadata of its document), or undefined without a manifest. */
export type ManifestRow = Readonly<Record<string, string>> | undefined;

/**
 * One output table: the single definition of its columns, read by every writer (CSV, XLSX, SQLite) and by
 * the data dictionary (README, the workbook's 说明 sheet, SQLite's `data_dictionary` table). After its own
 * columns, a table has one text column per manifest column of the run (`manifest_<column>`).
 */
export interface TableDefinition<Row> {
  readonly name: TableName;
  /** The table's name with `--headers zh` (the workbook's sheet name). */
  readonly zh: string;
  readonly description: string;
  readonly columns: readonly TableColumn<Row>[];
  readonly manifest: (row: Row) => ManifestRow;
}

/** What one row of each table is made from. */
export interface TableRowTypes {
  readonly projects: ProjectRecord;
  readonly indicators: IndicatorRow;
  readonly flags: FlagRow;
  readonly documents: DocumentResult;
}

export const TABLES: { readonly [Name in TableName]: TableDefinition<TableRowTypes[Name]> } = {
  projects: {
    name: "projects",
    zh: "项目",
    description: "One row per project (or department form) of every document that went through: the wide view, with money in 元 and 分, indicator counts by level 1 and the worst flag.",
    columns: PROJECT_COLUMNS,
    manifest: (record) => record.document.metadata,
  },
  indicators: {
    name: "indicators",
    zh: "指标",
    description: "One row per indicator, with its project's key columns repeated so a filter or a group-by needs no join.",
    columns: INDICATOR_COLUMNS,
    manifest: (row) => row.record.document.metadata,
  },
  flags: {
    name: "flags",
    zh: "问题",
    description:
      "One row per flag: every record's flags, then every document-level flag (one row each, `record_id` empty). `run.json`'s `flagsByCode` and `flagsBySeverity` count exactly these rows.",
    columns: FLAG_COLUMNS,
    manifest: (row) => row.metadata,
  },
  documents: {
    name: "documents",
    zh: "文件",
    description: "One row per input file, failed ones included, with why it failed.",
    columns: DOCUMENT_COLUMNS,
    manifest: (document) => document.metadata ?? document.records[0]?.document.metadata,
  },
};

/** The column a manifest column becomes in every table: its name is the manifest's header, prefixed (a review export's own columns keep theirs). */
export function manifestColumn(key: string): ColumnDescription & { readonly type: "text" } {
  const review = REVIEW_COLUMNS[key];
  if (review) return review;
  return {
    name: `manifest_${key}`,
    zh: `${key}（清单）`,
    type: "text",
    unit: null,
    description: `The manifest's \`${key}\` column for the document, as written; empty when its row leaves it empty`,
  };
}
