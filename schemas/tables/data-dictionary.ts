import { EMPTY_LEVEL_MARKER } from "./indicator-columns.js";
import { manifestColumn, TABLES } from "./output-tables.js";
import { REVIEW_COLUMNS } from "./review-columns.js";
import type { ColumnDescription, ColumnType } from "./table-column.js";
import { TABLE_NAMES, type TableName } from "./table-name.js";

/** One line of the data dictionary: a column of a table. */
export interface DictionaryRow extends ColumnDescription {
  readonly table: TableName;
  readonly type: ColumnType;
}

/** How each column type is stored in each format: the legend every dictionary starts with. */
export const TYPE_STORAGE: Readonly<Record<ColumnType, { readonly csv: string; readonly xlsx: string; readonly sqlite: string }>> = {
  text: { csv: "text (a leading `'` before `=`, `+`, `-`, `@` that would start a formula)", xlsx: "string cell", sqlite: "TEXT" },
  decimal: { csv: "exact decimal, e.g. `291.88`", xlsx: "string cell (exact)", sqlite: "TEXT (exact)" },
  number: { csv: "plain decimal computed exactly, e.g. `2918800.00`", xlsx: "number cell", sqlite: "REAL" },
  integer: { csv: "digits", xlsx: "number cell", sqlite: "INTEGER" },
  boolean: { csv: "`true` / `false`", xlsx: "boolean cell", sqlite: "INTEGER 1 / 0" },
  json: { csv: "JSON object text", xlsx: "string cell", sqlite: "TEXT (`json_each`, `json_extract` read it)" },
};

/**
 * Every column of every table, in table and column order, from the same definitions the writers fill the
 * tables from; with `manifestKeys`, each table's manifest columns after its own (else one generic entry each).
 */
export function dataDictionaryRows(manifestKeys?: readonly string[]): DictionaryRow[] {
  return TABLE_NAMES.flatMap((table) => {
    const manifest = manifestKeys
      ? manifestKeys.map(manifestColumn)
      : [{ ...manifestColumn("<column>"), description: "One per column of the manifest (besides `path`), when the run was given one: the document's value as written" }, ...Object.values(REVIEW_COLUMNS)];
    return [...TABLES[table].columns, ...manifest].map((column) => ({ table, name: column.name, zh: column.zh, type: column.type, unit: column.unit, description: column.description }));
  });
}

/** The start and end of the generated dictionary in README.md. */
export const DICTIONARY_START = "<!-- data-dictionary:start (generated from schemas/tables by `npm run dictionary`: edit the column definitions there) -->";
export const DICTIONARY_END = "<!-- data-dictionary:end -->";

/** The data dictionary as the Markdown the README holds between `DICTIONARY_START` and `DICTIONARY_END`. */
export function dataDictionaryMarkdown(): string {
  const rows = dataDictionaryRows();
  const lines = [
    "Every table of `projects.csv` … / `records.xlsx` / `records.sqlite`, column by column. `--headers zh` writes the 中文 names as the header row of the CSV files and sheets; SQLite keeps the English names and holds this dictionary as its `data_dictionary` table, the workbook as its `说明` sheet.",
    "",
    `An empty field (SQLite NULL) means absent or not applicable. An indicator whose document gives it no 一级 or 二级 name has \`${EMPTY_LEVEL_MARKER}\` in \`level1\` / \`level2\`, never an empty field, so pandas' \`groupby\` (which drops NaN keys) keeps it; \`level2_raw\` then stays empty, as written. Money is exact: \`_fen\` is integer 分 and \`_yuan\` is computed from it as decimal digits, converted to a number only when the cell is stored (a double holds any 2-decimal amount under 10¹³ 元 exactly; for exact sums use \`SUM(total_fen)\`).`,
    "",
    "| type | CSV | XLSX | SQLite |",
    "| --- | --- | --- | --- |",
    ...Object.entries(TYPE_STORAGE).map(([type, storage]) => `| ${type} | ${storage.csv} | ${storage.xlsx} | ${storage.sqlite} |`),
  ];
  for (const table of TABLE_NAMES) {
    lines.push("", `#### \`${table}\` (${TABLES[table].zh})`, "", TABLES[table].description, "", "| column | 中文 | type | unit | meaning |", "| --- | --- | --- | --- | --- |");
    for (const row of rows.filter((entry) => entry.table === table)) {
      lines.push(`| \`${row.name}\` | ${cell(row.zh)} | ${row.type} | ${row.unit === null ? "" : unitCell(row.unit)} | ${cell(row.description)} |`);
    }
  }
  return lines.join("\n");
}

/** A unit that names another column (`money_unit`, `value_unit`) is that column's value, shown as a reference. */
function unitCell(unit: string): string {
  return /^[a-z_]+$/.test(unit) ? `see \`${unit}\`` : cell(unit);
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
