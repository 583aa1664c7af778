import type { TableName } from "../../schemas/tables/table-name.js";

/**
 * What SQLite adds to a table's columns: keys, references and the indexes an analyst's queries need.
 * Foreign keys cascade on delete, so removing a document (to replace it with a re-run's rows) removes its
 * projects, indicators and flags too, once `PRAGMA foreign_keys = ON`.
 */
export interface SqliteTableSpec {
  readonly primaryKey: readonly string[] | null;
  readonly notNull: readonly string[];
  readonly foreignKeys: ReadonlyArray<{ readonly columns: readonly string[]; readonly references: TableName; readonly referencedColumns: readonly string[] }>;
  readonly indexes: ReadonlyArray<{ readonly name: string; readonly columns: readonly string[] }>;
}
