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

/** A header written one column name a line (`一级指标` / `二级指标` / `三级指标` / `指标值`), and how many lines it takes. */
export interface StackedHeader {
  readonly header: TableHeader;
  readonly lines: number;
}

/**
 * A conversion that put every cell of a table on a line of its own (a web page's table copied as paragraphs)
 * writes the header as consecutive lines of one column name each. Read from `at`: three or more such lines,
 * among them a value column and a level column, make a header whose columns are in the lines' order. The
 * columns get positions side by side that mean nothing on the page: the cells below are read in order, not
 * by position.
 */
export function readStackedHeader(rows: readonly Row[], at: number): StackedHeader | null {
  const names: Cell[] = [];
  for (let index = at; index < rows.length; index++) {
    const row = rows[index]!;
    const cells = row.cells.filter((cell) => cell.text.trim() !== "");
    if (!row.borderless || cells.length !== 1 || roleOfHeaderText(cells[0]!.text) === null) break;
    names.push(cells[0]!);
  }
  if (names.length < 3) return null;
  const width = 100;
  const line: Row = {
    ...rows[at]!,
    cells: names.map((cell, index) => ({ ...cell, column: index, columnSpan: 1, rowSpan: 1, box: { ...cell.box, x: index * width, width } })),
  };
  const header = readTableHeader(line);
  if (header === null || kindOfHeader(header) !== "indicator") return null;
  const roles = new Set(header.columns.map((column) => column.role));
  if (!roles.has("value") || !(roles.has("level1") || roles.has("level2") || roles.has("level3"))) return null;
  return { header, lines: names.length };
}
