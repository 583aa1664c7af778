import { randomBytes } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";
import type { ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentResult } from "../../schemas/run-summary.js";
import { OutputWriteError } from "../errors.js";
import { buildOutputTables } from "./build-output-tables.js";
import type { CellValue, ColumnType, OutputTable } from "./output-table.js";
import { SQLITE_TABLES } from "./sqlite-tables.js";
import { sqliteStatements } from "./sqlite-statements.js";
import { TABLE_NAMES } from "./table-name.js";

const ForeignKeyViolationsSchema = z.array(z.object({ table: z.string(), rowid: z.number().nullable(), parent: z.string() }));

/** Bumped when a column or table changes, so an analyst's script can check what it opened. */
const SCHEMA_VERSION = 1;

/**
 * Writes `records.sqlite` with the tables projects, indicators, flags and documents, their keys and
 * indexes. The database is built in a temporary file beside the target and renamed over it once complete
 * and closed, so a reader never opens a half-built database. 分 are INTEGER; exact decimals are TEXT.
 */
export async function writeSqlite(outDir: string, records: readonly ProjectRecord[], documents: readonly DocumentResult[]): Promise<string[]> {
  const file = path.join(outDir, "records.sqlite");
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const tables = buildOutputTables(records, documents);
  try {
    await mkdir(outDir, { recursive: true });
    buildDatabase(temporary, TABLE_NAMES.map((name) => tables[name]));
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    await rm(`${temporary}-journal`, { force: true });
    if (error instanceof OutputWriteError) throw error;
    throw new OutputWriteError(`Could not write ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return [file];
}

function buildDatabase(file: string, tables: readonly OutputTable[]): void {
  const database = new Database(file);
  try {
    // Nobody reads the temporary file until it is renamed, so a rollback journal on disk buys nothing.
    database.pragma("journal_mode = MEMORY");
    database.pragma("synchronous = OFF");
    // better-sqlite3 turns foreign keys on; they are checked once after loading (see assertReferencesResolve).
    database.pragma("foreign_keys = OFF");
    const statements = tables.map((table) => ({ table, ...sqliteStatements(table, SQLITE_TABLES[table.name]) }));
    database.transaction(() => {
      for (const { create } of statements) database.exec(create);
      for (const { table, insert } of statements) {
        const prepared = database.prepare(insert);
        for (const row of table.rows) prepared.run(row.map((cell, index) => sqliteValue(cell, table.columns[index]?.type ?? "text")));
      }
      for (const { indexes } of statements) for (const index of indexes) database.exec(index);
    })();
    assertReferencesResolve(database);
    database.pragma(`user_version = ${SCHEMA_VERSION}`);
  } finally {
    database.close();
  }
}

/** Integers are bound as 64-bit integers (a JS number would be bound as a double); booleans as 1/0. */
function sqliteValue(cell: CellValue, type: ColumnType): string | bigint | null {
  if (cell === null || typeof cell === "string") return cell;
  if (typeof cell === "boolean") return cell ? 1n : 0n;
  return type === "integer" ? BigInt(cell) : String(cell);
}

/**
 * Foreign keys are checked once after loading rather than per row, so a record whose document was not
 * passed in is reported by its id instead of as SQLite's bare "FOREIGN KEY constraint failed".
 */
function assertReferencesResolve(database: Database.Database): void {
  const violations = ForeignKeyViolationsSchema.parse(database.prepare("PRAGMA foreign_key_check").all());
  if (violations.length === 0) return;
  const examples = violations.slice(0, 5).map((violation) => {
    // Table names here come from SQLite's own report of our tables, never from document text.
    const row = z.record(z.string(), z.unknown()).parse(database.prepare(`SELECT * FROM "${violation.table}" WHERE rowid = ?`).get(violation.rowid) ?? {});
    return `${violation.table} ${String(row.id ?? row.record_id ?? row.document_path)} → ${violation.parent}`;
  });
  throw new OutputWriteError(
    `${violations.length} rows refer to a missing parent row (${examples.join("; ")}): pass every record's document in \`documents\``,
    {},
  );
}
