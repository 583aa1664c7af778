import { neutralizeFormula } from "./neutralize-formula.js";
import type { CellValue, ColumnType, OutputRow, OutputTable } from "./output-table.js";

/** Excel and WPS read a CSV as the system code page (GBK in China) unless it starts with a UTF-8 BOM. */
const BYTE_ORDER_MARK = "\uFEFF";

/** RFC 4180 ends records with CRLF; Excel is happy with either, and some older importers only with CRLF. */
const RECORD_END = "\r\n";

/**
 * The start of one table as RFC 4180 CSV text: the BOM and the header row. Rows follow as `csvRecord`s.
 */
export function csvHeader(table: OutputTable): string {
  // A manifest's own column names reach the header: they are text from outside like any cell.
  return BYTE_ORDER_MARK + table.columns.map((column) => quote(neutralizeFormula(column.header))).join(",") + RECORD_END;
}

/**
 * One row as a CSV record, CRLF included: a field quoted when it holds a quote, a comma or a line break
 * (quotes doubled; line breaks inside a goals cell are kept as written). Nulls are empty fields, booleans
 * `true`/`false` (pandas reads them as bool), numbers as plain digits; `number` columns are the exact decimal
 * text they were computed as (pandas reads them as float, Excel as a number).
 */
export function csvRecord(table: OutputTable, row: OutputRow): string {
  return row.map((cell, index) => field(cell, table.columns[index]?.type ?? "text")).join(",") + RECORD_END;
}

function field(cell: CellValue, type: ColumnType): string {
  if (cell === null) return "";
  if (typeof cell === "boolean") return cell ? "true" : "false";
  if (typeof cell === "number") return String(cell);
  // Decimals and numbers are digits the pipeline produced, JSON starts with `{`: only text can carry a formula.
  return quote(type === "text" ? neutralizeFormula(cell) : cell);
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
