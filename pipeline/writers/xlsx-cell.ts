import { decimalAsNumber } from "./decimal-number.js";
import type { CellValue, ColumnType } from "./output-table.js";

/** Excel's limit on the characters in one cell; a longer cell makes Excel "repair" the workbook. */
const MAX_CELL_CHARACTERS = 32_767;

/** Excel keeps 15 significant digits: a larger integer would be shown (and summed) rounded. */
const MAX_EXACT_EXCEL_INTEGER = 999_999_999_999_999;

/**
 * A cell as stored in the workbook. Text is always a string cell, which Excel and WPS never evaluate, so
 * `=HYPERLINK(…)` from a PDF stays text without the `'` the CSV needs (the sheet writer has no formula cells
 * at all, see `xlsx/cell-xml.ts`). Line breaks become LF, as Excel writes them. Decimals in the document's unit
 * stay text so `291.88` is never a binary float; `number` columns (元, parsed targets) and integers (分, pages,
 * counts) are numbers an analyst can sum, unless a double would round them (then their exact text).
 */
export function xlsxCell(cell: CellValue, type: ColumnType): string | number | boolean | null {
  if (cell === null || typeof cell === "boolean") return cell;
  if (typeof cell === "number") return type === "integer" && Math.abs(cell) <= MAX_EXACT_EXCEL_INTEGER ? cell : String(cell);
  if (type === "number") return decimalAsNumber(cell) ?? cell;
  // Excel breaks lines in a cell on LF; a CR would come back as LF anyway (XML normalizes line ends).
  const text = cell.replace(/\r\n?/g, "\n");
  return text.length > MAX_CELL_CHARACTERS ? `${text.slice(0, MAX_CELL_CHARACTERS - 1)}…` : text;
}
