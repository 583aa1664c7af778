import type { Row } from "../../schemas/layout.js";
import type { ProjectUnit } from "../../schemas/project-unit.js";

/** A unit a finder found, before the segmenter numbers units in reading order. */
export type UnitDraft = Omit<ProjectUnit, "index">;

/** The pages a row's text is on: its own, and the next one when a page break cut it. */
export function pagesOf(row: Row): number[] {
  return row.continuedOnPage ? [row.page, row.continuedOnPage] : [row.page];
}

/** The pages of a run of rows, in order, each once. */
export function pagesOfRows(rows: readonly Row[]): number[] {
  return [...new Set(rows.flatMap(pagesOf))].sort((a, b) => a - b);
}

/** A row's cells joined, for messages and line readers. */
export function rowText(row: Row): string {
  return row.cells.map((cell) => cell.text.trim()).filter((text) => text !== "").join(" ");
}
