import type { Cell, Row } from "../../schemas/layout.js";
import { roleOfHeaderText } from "../domain/column-roles.js";
import { kindOfHeader, readTableHeader, type TableHeader } from "./read-table-header.js";

/**
 * A borderless line as an indicator header: its cells when the columns kept their gaps, else its words
 * (`一级指标 二级指标 三级指标 指标值` run together with single spaces) as cells of their own — whose positions
 * are then estimates, so nothing may be placed by them (see `keptColumns`).
 */
export function readLineHeader(row: Row, above: Row | undefined): TableHeader | null {
  const direct = readTableHeader(row, above);
  if (direct && kindOfHeader(direct) === "indicator") return direct;
  const words = row.cells.flatMap((cell) => splitWords(cell));
  if (words.length < 3 || words.filter((word) => roleOfHeaderText(word.text) !== null).length < 3) return null;
  const header = readTableHeader({ ...row, cells: words });
  return header && kindOfHeader(header) === "indicator" ? header : null;
}

/** A cell's words as cells, each with a share of the cell's box in proportion to its length. */
function splitWords(cell: Cell): Cell[] {
  const words = cell.text.split(/\s+/u).filter((word) => word !== "");
  const total = words.reduce((sum, word) => sum + word.length, 0) || 1;
  let x = cell.box.x;
  return words.map((word, index) => {
    const width = (cell.box.width * word.length) / total;
    const part: Cell = { ...cell, text: word, column: cell.column + index, box: { ...cell.box, x, width } };
    x += width;
    return part;
  });
}

/** The header line kept its columns: three or more cells the layout split at gaps, so positions under it mean something. */
export function keptColumns(line: Row): boolean {
  return line.cells.filter((cell) => cell.text.trim() !== "").length >= 3;
}
