import type { Cell, Row } from "../../../schemas/layout.js";

/**
 * The column of `header` a cell of `row` falls under. Within one table on one page the layout's grid
 * column is exact; a row on the next page belongs to another table whose grid may number its columns
 * differently, so there the cell is placed by where its centre lies under the header's cells.
 */
export function headerColumnOf(cell: Cell, row: Row, header: Row): number {
  if (row.page === header.page && row.table === header.table) return cell.column;
  const centre = cell.box.x + cell.box.width / 2;
  const under = header.cells.find((headerCell) => headerCell.box.x <= centre && centre <= headerCell.box.x + headerCell.box.width);
  if (under) return under.column;
  let nearest = header.cells[0];
  for (const headerCell of header.cells) {
    const distance = Math.abs(headerCell.box.x + headerCell.box.width / 2 - centre);
    if (nearest === undefined || distance < Math.abs(nearest.box.x + nearest.box.width / 2 - centre)) nearest = headerCell;
  }
  return nearest?.column ?? cell.column;
}

