import type { SheetCell } from "./cell-xml.js";

/** Characters of CJK scripts and full-width forms, which take two columns of a monospaced width. */
const WIDE_CHARACTER = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

/** Width in Excel character units for a header and the cells sampled under it: a CJK character is two wide; long text is capped at 60. */
export function columnWidth(header: string, cells: readonly SheetCell[]): number {
  const widest = Math.max(displayWidth(header), ...cells.map((cell) => (cell === null ? 0 : displayWidth(String(cell).split("\n")[0] ?? ""))));
  return Math.min(60, Math.max(8, widest + 2));
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += WIDE_CHARACTER.test(character) ? 2 : 1;
  return width;
}
