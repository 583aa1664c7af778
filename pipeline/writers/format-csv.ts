import { neutralizeFormula } from "./neutralize-formula.js";
import type { CellValue, ColumnType, OutputTable } from "./output-table.js";

/** Excel and WPS read a CSV as the system code page (GBK in China) unless it starts with a UTF-8 BOM. */
const BYTE_ORDER_MARK = "\uFEFF";

/** RFC 4180 ends records with CRLF; Excel is happy with either, and some older importers only with CRLF. */
const RECORD_END = "\r\n";

/**
 * One table as RFC 4180 CSV text: BOM, a header row, CRLF between records, a field quoted when it holds
 * a quote, a comma or a line break (quotes doubled; line breaks inside a goals cell are kept as written).
 * Nulls are empty fields, booleans `true`/`false` (pandas reads them as bool), numbers as plain digits.
 */
export function formatCsv(table: OutputTable): string {
  const lines = [table.columns.map((column) => quote(column.name)), ...table.rows.map((row) => row.map((cell, index) => field(cell, table.columns[index]?.type ?? "text")))];
  return BYTE_ORDER_MARK + lines.map((fields) => fields.join(",") + RECORD_END).join("");
}

function field(cell: CellValue, type: ColumnType): string {
  if (cell === null) return "";
  if (typeof cell === "boolean") return cell ? "true" : "false";
  if (typeof cell === "number") return String(cell);
  // Decimals are validated digits the pipeline produced; only text from the document can carry a formula.
  return quote(type === "text" ? neutralizeFormula(cell) : cell);
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
