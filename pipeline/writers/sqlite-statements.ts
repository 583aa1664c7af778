import type { ColumnType, OutputTable } from "./output-table.js";
import type { SqliteTableSpec } from "./sqlite-table-spec.js";

/**
 * Decimals in the document's unit are TEXT: a NUMERIC or REAL column would turn `291.88` into a binary float.
 * `number` columns (元, parsed targets) are REAL so SUM, AVG and `>` work in SQL; the exact value is one
 * column away (INTEGER 分, or the TEXT decimal).
 */
const SQLITE_TYPES: Readonly<Record<ColumnType, string>> = { text: "TEXT", decimal: "TEXT", number: "REAL", integer: "INTEGER", boolean: "INTEGER", json: "TEXT" };

/**
 * The statements that build one table: `create` before the rows, `indexes` after them (building an index
 * once is faster than updating it per row), `insert` with one `?` per column.
 * Not `STRICT`: Python's and older sqlite3 command-line tools cannot open STRICT tables.
 */
export function sqliteStatements(table: OutputTable, spec: SqliteTableSpec): { create: string; indexes: string[]; insert: string } {
  const definitions = [
    ...table.columns.map((column) => {
      const notNull = spec.notNull.includes(column.name) || (spec.primaryKey?.includes(column.name) ?? false);
      return `${identifier(column.name)} ${SQLITE_TYPES[column.type]}${notNull ? " NOT NULL" : ""}`;
    }),
    ...(spec.primaryKey ? [`PRIMARY KEY (${spec.primaryKey.map(identifier).join(", ")})`] : []),
    ...spec.foreignKeys.map(
      (key) =>
        `FOREIGN KEY (${key.columns.map(identifier).join(", ")}) REFERENCES ${identifier(key.references)} (${key.referencedColumns.map(identifier).join(", ")}) ON DELETE CASCADE`,
    ),
  ];
  return {
    create: `CREATE TABLE ${identifier(table.name)} (\n  ${definitions.join(",\n  ")}\n)`,
    indexes: spec.indexes.map((index) => `CREATE INDEX ${identifier(index.name)} ON ${identifier(table.name)} (${index.columns.map(identifier).join(", ")})`),
    insert: `INSERT INTO ${identifier(table.name)} (${table.columns.map((column) => identifier(column.name)).join(", ")}) VALUES (${table.columns.map(() => "?").join(", ")})`,
  };
}

function identifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
