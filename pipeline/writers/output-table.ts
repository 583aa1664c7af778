import type { TableName } from "./table-name.js";

/**
 * One column of an output table, typed so that every writer knows how to store it:
 * `decimal` is an exact decimal string (money in the document's unit, a parsed 指标值 number) and is never
 * turned into a float; `integer` is a safe integer (分, pages, counts); `boolean` becomes 1/0 in SQLite.
 * The `value` function sits next to the name so a column's name and its content cannot drift apart.
 */
export type OutputColumn<Row> =
  | { readonly name: string; readonly type: "text"; readonly value: (row: Row) => string | null }
  | { readonly name: string; readonly type: "decimal"; readonly value: (row: Row) => string | null }
  | { readonly name: string; readonly type: "integer"; readonly value: (row: Row) => number | null }
  | { readonly name: string; readonly type: "boolean"; readonly value: (row: Row) => boolean | null };

/** What a writer sees of a column: its name and storage type, without the row type. */
export type ColumnType = OutputColumn<never>["type"];

/** One cell, already computed: writers only format it. */
export type CellValue = string | number | boolean | null;

/** One row, already computed: a cell per column, in column order. */
export type OutputRow = readonly CellValue[];

/**
 * A table as writers see it before its rows: its name and its columns' names and storage types, in order.
 * Rows are not part of it: they arrive a document at a time (see `documentRows`), so no table is ever held whole.
 */
export interface OutputTable {
  readonly name: TableName;
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: ColumnType }>;
}
