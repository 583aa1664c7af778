import type { Row } from "../../schemas/layout.js";
import type { ColumnRole } from "../domain/column-roles.js";
import { columnOfRole, headerColumnOf, type TableHeader } from "./read-table-header.js";

/** The text of the cells of `row` under the header column of `role`, joined; "" when there is none. */
export function cellText(row: Row, header: TableHeader, role: ColumnRole): string {
  const column = columnOfRole(header, role);
  if (!column) return "";
  return row.cells
    .filter((cell) => cell.text.trim() !== "" && headerColumnOf(cell, row, header) === column)
    .map((cell) => cell.text.trim())
    .join("\n");
}
