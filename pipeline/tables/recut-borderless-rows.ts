import type { Cell, Row } from "../../schemas/layout.js";
import { compact } from "../domain/cell-text.js";
import { headerColumnAt, headerColumnOf, type TableHeader } from "./read-table-header.js";

// A line holding no more than this many characters under one column is the wrapped end of the cell above.
const WRAPPED_END = 3;

/**
 * The rows of a borderless table cut again by its header's columns. Without borders the layout splits cells
 * at gaps in the text, which goes wrong in two ways this mends: a cell that fills its column to the next
 * one's text is run together with it (`服务对象满意度指 受助幼儿家长满意度`, split at the blank where the text
 * on either side stands under different columns), and a cell wrapped in a narrow column leaves its last
 * characters on a line of their own (`标`, joined back to the cell above in the same column).
 */
export function recutBorderlessRows(rows: readonly Row[], header: TableHeader): Row[] {
  const recut: Row[] = [];
  for (const row of rows) {
    if (!row.borderless) {
      recut.push(row);
      continue;
    }
    const cells = row.cells.flatMap((cell) => splitAtColumns(cell, header)).filter((cell) => cell.text.trim() !== "");
    const above = recut.at(-1);
    const target = above && cells.length === 1 ? wrappedInto(cells[0]!, row, above, header) : null;
    if (above && target) {
      recut[recut.length - 1] = { ...above, cells: above.cells.map((cell) => (cell === target ? { ...cell, text: `${cell.text}${cells[0]!.text.trim()}` } : cell)) };
      continue;
    }
    recut.push({ ...row, cells });
  }
  return recut;
}

/** The cell of the line above that a short fragment completes: the one under the same column. */
function wrappedInto(fragment: Cell, row: Row, above: Row, header: TableHeader): Cell | null {
  if (compact(fragment.text).length > WRAPPED_END || above.page !== row.page) return null;
  const column = headerColumnOf(fragment, row, header);
  if (column === null) return null;
  return above.cells.find((cell) => headerColumnOf(cell, above, header) === column) ?? null;
}

/**
 * Splits a cell at a blank where the text on either side stands under different header columns, estimating
 * where each character sits from the cell's width.
 */
function splitAtColumns(cell: Cell, header: TableHeader): Cell[] {
  const characters = [...cell.text.trim()];
  const step = cell.box.width / Math.max(1, characters.length);
  const parts: Cell[] = [];
  let from = 0;
  characters.forEach((character, index) => {
    if (!/\s/u.test(character)) return;
    const before = part(cell, characters.slice(from, index).join(""), from, index, step, header);
    if (before.column === headerColumnAt(cell.box.x + step * (index + 1.5), header)?.first) return;
    parts.push(before);
    from = index + 1;
  });
  if (parts.length === 0) return [cell];
  parts.push(part(cell, characters.slice(from).join(""), from, characters.length, step, header));
  return parts.filter((piece) => piece.text.trim() !== "");
}

/** Characters `from`–`to` of a cell as a cell of their own, in the grid column of the header column they stand under. */
function part(cell: Cell, text: string, from: number, to: number, step: number, header: TableHeader): Cell {
  const box = { ...cell.box, x: cell.box.x + step * from, width: step * (to - from) };
  return { ...cell, text, box, column: headerColumnAt(box.x + Math.min(box.width, step * 2) / 2, header)?.first ?? cell.column, columnSpan: 1 };
}
