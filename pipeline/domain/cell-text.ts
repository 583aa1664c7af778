import type { Row } from "../../schemas/layout.js";

/** Text compared with whitespace and line breaks removed: PDF wrapping must not decide a match. */
export function compact(text: string): string {
  return text.replace(/\s+/g, "");
}

/** A cell's text with any trailing colon and spaces removed, for matching keys like `项目名称:`. */
export function keyText(text: string): string {
  return compact(text).replace(/[:：]$/, "");
}

/**
 * A unit's rows as plain text, one row per line, cells separated by ` | `, with page markers.
 * This is what the model reads and what grounding searches.
 */
export function renderRows(rows: readonly Row[]): string {
  const lines: string[] = [];
  let page = -1;
  for (const row of rows) {
    if (row.page !== page) {
      page = row.page;
      lines.push(`[page ${page}]`);
    }
    lines.push(row.cells.map((cell) => cell.text.replace(/\n/g, " / ")).join(" | "));
  }
  return lines.join("\n");
}
