/**
 * How a column is stored, the same in every format but for what each format can hold:
 * - `text`: text as the document (or the pipeline) writes it.
 * - `decimal`: an exact decimal string (money in the document's own unit); text in XLSX and SQLite, so
 *   `291.88` is never a binary float.
 * - `number`: an exact decimal string computed from exact values (元 from integer 分), turned into a number only
 *   by the writer, at the very end: a numeric cell in XLSX, REAL in SQLite, the plain decimal in CSV.
 * - `integer`: a safe integer (分, pages, counts); a number cell in XLSX, INTEGER in SQLite.
 * - `boolean`: `true`/`false` in CSV, a boolean cell in XLSX, 1/0 in SQLite.
 * - `json`: a JSON object as text (an open set of named cells such as 评（扣）分标准 or 备注).
 */
export type ColumnType = "text" | "decimal" | "number" | "integer" | "boolean" | "json";

/** What the data dictionary says of a column: its names in both header languages, unit and meaning. */
export interface ColumnDescription {
  /** The English header, also the SQLite column name: ASCII snake_case, stable across releases. */
  readonly name: string;
  /** The Chinese header (`--headers zh`): the name analysts use on the forms. */
  readonly zh: string;
  /** The unit of the values (元, 分, 页 …), or null when they have none or it varies by row (then the column says where it is). */
  readonly unit: string | null;
  /** What a value means, where it comes from, and what an empty cell means. */
  readonly description: string;
}

/**
 * One column of an output table: its dictionary entry and the function that fills it, side by side, so a
 * column's name, its content and its description cannot drift apart. Every writer and the data dictionary
 * read these definitions.
 */
export type TableColumn<Row> = ColumnDescription &
  (
    | { readonly type: "text" | "decimal" | "number" | "json"; readonly value: (row: Row) => string | null }
    | { readonly type: "integer"; readonly value: (row: Row) => number | null }
    | { readonly type: "boolean"; readonly value: (row: Row) => boolean | null }
  );
