import type { OutputColumn, OutputTable } from "./output-table.js";
import type { TableName } from "./table-name.js";

/** Computes every cell of `rows` once, so that each writer only formats. */
export function toOutputTable<Row>(name: TableName, columns: readonly OutputColumn<Row>[], rows: readonly Row[]): OutputTable {
  return {
    name,
    columns: columns.map((column) => ({ name: column.name, type: column.type })),
    rows: rows.map((row) => columns.map((column) => column.value(row))),
  };
}
