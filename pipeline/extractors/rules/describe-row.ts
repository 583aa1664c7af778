import type { Row } from "../../../schemas/layout.js";

/** Where a row sits, for an uncertainty a reviewer can find: page and the start of its text. */
export function describeRow(row: Row): string {
  const text = row.cells.map((cell) => cell.text.replace(/\s+/g, " ").trim()).filter((part) => part !== "").join(" | ");
  return `page ${row.page} row "${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
}
