import type { ColumnType } from "../../schemas/tables/table-column.js";
import { manifestColumn, TABLES } from "../../schemas/tables/output-tables.js";
import { TABLE_NAMES, type TableName } from "../../schemas/tables/table-name.js";

export type { ColumnType };

/** One cell, already computed: writers only format it. */
export type CellValue = string | number | boolean | null;

/** One row, already computed: a cell per column, in column order. */
export type OutputRow = readonly CellValue[];

/** The language of the header row of CSV files and sheets: the columns' English or Chinese names. */
export type HeaderLanguage = "en" | "zh";

/** What a writer is asked for besides the documents. */
export interface OutputOptions {
  /** @default "en" */
  readonly headers?: HeaderLanguage;
}

/**
 * A table as writers see it before its rows: its name, the title of its sheet, and each column's name (the
 * SQLite name), header (in the chosen language) and storage type, in order: the definition's columns, then
 * one per manifest column. Rows arrive a document at a time (see `documentRows`), so no table is held whole.
 */
export interface OutputTable {
  readonly name: TableName;
  readonly title: string;
  readonly columns: ReadonlyArray<{ readonly name: string; readonly header: string; readonly type: ColumnType; readonly unit: string | null }>;
}

/** Every table's layout for one run: its columns from `schemas/tables`, then `manifestKeys` as text columns. */
export function outputTables(manifestKeys: readonly string[], headers: HeaderLanguage = "en"): Readonly<Record<TableName, OutputTable>> {
  const tables = {} as Record<TableName, OutputTable>;
  for (const name of TABLE_NAMES) {
    const definition = TABLES[name];
    const columns = [...definition.columns, ...manifestKeys.map(manifestColumn)];
    tables[name] = {
      name,
      title: headers === "zh" ? definition.zh : name,
      columns: columns.map((column) => ({ name: column.name, header: headers === "zh" ? column.zh : column.name, type: column.type, unit: column.unit })),
    };
  }
  return tables;
}
