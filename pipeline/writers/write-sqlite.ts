import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";
import type { ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentResult } from "../../schemas/run-summary.js";
import { OutputWriteError } from "../errors.js";
import { temporaryPathFor } from "./atomic-file-writer.js";
import type { DocumentSource } from "./document-source.js";
import { documentRows } from "./document-rows.js";
import { TABLE_NAMES, type TableName } from "../../schemas/tables/table-name.js";
import { dataDictionaryRows } from "../../schemas/tables/data-dictionary.js";
import { decimalAsNumber } from "./decimal-number.js";
import { outputTables, type CellValue, type ColumnType, type OutputRow, type OutputTable } from "./output-table.js";
import { createRecordSelector } from "./select-records.js";
import { SQLITE_TABLES } from "./sqlite-tables.js";
import { sqliteStatements } from "./sqlite-statements.js";

const ForeignKeyViolationsSchema = z.array(z.object({ table: z.string(), rowid: z.number().nullable(), parent: z.string() }));

/** Bumped when a column or table changes, so an analyst's script can check what it opened. */
const SCHEMA_VERSION = 2;

/** Where document flags wait until every record flag is in `flags` (a TEMP table: never in the written file). */
const HELD_DOCUMENT_FLAGS = "temp.held_document_flags";

/**
 * Writes `records.sqlite` with the tables projects, indicators, flags and documents, their keys and
 * indexes. The database is built in a temporary file beside the target, one transaction per document as
 * the documents are read, and renamed over the target once complete and closed, so a reader never opens a
 * half-built database. 分 are INTEGER; exact decimals are TEXT; numbers in 元 and parsed targets are REAL.
 * Column names are always the English ones (SQL needs no quoting for them, whatever `--headers` says);
 * the `data_dictionary` table gives each column's Chinese name, type, unit and meaning.
 */
export async function writeSqlite(outDir: string, documents: DocumentSource): Promise<string[]> {
  const file = path.join(outDir, "records.sqlite");
  const temporary = temporaryPathFor(file);
  try {
    await mkdir(outDir, { recursive: true });
    await buildDatabase(temporary, documents);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    await rm(`${temporary}-journal`, { force: true });
    if (error instanceof OutputWriteError) throw error;
    throw new OutputWriteError(`Could not write ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return [file];
}

async function buildDatabase(file: string, documents: DocumentSource): Promise<void> {
  const database = new Database(file);
  try {
    // Nobody reads the temporary file until it is renamed, so a rollback journal on disk buys nothing.
    database.pragma("journal_mode = MEMORY");
    database.pragma("synchronous = OFF");
    // better-sqlite3 turns foreign keys on; they are checked once after loading (see assertReferencesResolve).
    database.pragma("foreign_keys = OFF");
    const tables = outputTables(documents.manifestKeys);
    const manifestKeys = documents.manifestKeys;
    const statements = TABLE_NAMES.map((name) => ({ table: tables[name], ...sqliteStatements(tables[name], SQLITE_TABLES[name]) }));
    for (const { create } of statements) database.exec(create);
    // The flags table lists every record flag before the first document flag, as the other formats do.
    database.exec(`CREATE TEMP TABLE ${HELD_DOCUMENT_FLAGS} AS SELECT * FROM main."flags" WHERE 0`);
    const insertRows = Object.fromEntries(statements.map(({ table, insert }) => [table.name, rowInserter(database, table, insert)])) as Record<TableName, RowInserter>;
    const holdDocumentFlags = rowInserter(database, tables.flags, `INSERT INTO ${HELD_DOCUMENT_FLAGS} VALUES (${tables.flags.columns.map(() => "?").join(", ")})`);
    const insertDocument = database.transaction((document: DocumentResult, records: readonly ProjectRecord[]) => {
      insertRows.documents(documentRows(document, records, "documents", manifestKeys));
      insertRows.projects(documentRows(document, records, "projects", manifestKeys));
      insertRows.indicators(documentRows(document, records, "indicators", manifestKeys));
      insertRows.flags(documentRows(document, records, "recordFlags", manifestKeys));
      holdDocumentFlags(documentRows(document, records, "documentFlags", manifestKeys));
    });
    const select = createRecordSelector();
    for await (const document of documents.each()) insertDocument(document, select(document));
    database.transaction(() => {
      database.exec(`INSERT INTO main."flags" SELECT * FROM ${HELD_DOCUMENT_FLAGS} ORDER BY rowid`);
      database.exec(`DROP TABLE ${HELD_DOCUMENT_FLAGS}`);
      for (const { indexes } of statements) for (const index of indexes) database.exec(index);
      writeDataDictionary(database, manifestKeys);
    })();
    assertReferencesResolve(database);
    database.pragma(`user_version = ${SCHEMA_VERSION}`);
  } finally {
    database.close();
  }
}

type RowInserter = (rows: readonly OutputRow[]) => void;

function rowInserter(database: Database.Database, table: OutputTable, insert: string): RowInserter {
  const prepared = database.prepare(insert);
  return (rows) => {
    for (const row of rows) prepared.run(row.map((cell, index) => sqliteValue(cell, table.columns[index]?.type ?? "text")));
  };
}

/** The dictionary of every table as a table of its own, so a SQL user needs no README: one row per column. */
function writeDataDictionary(database: Database.Database, manifestKeys: readonly string[]): void {
  database.exec(`CREATE TABLE "data_dictionary" ("table_name" TEXT NOT NULL, "column_name" TEXT NOT NULL, "zh" TEXT NOT NULL, "type" TEXT NOT NULL, "unit" TEXT, "description" TEXT NOT NULL, PRIMARY KEY ("table_name", "column_name"))`);
  const insert = database.prepare(`INSERT INTO "data_dictionary" VALUES (?, ?, ?, ?, ?, ?)`);
  for (const row of dataDictionaryRows(manifestKeys)) insert.run(row.table, row.name, row.zh, row.type, row.unit, row.description);
}

/**
 * Integers are bound as 64-bit integers (a JS number would be bound as a double); booleans as 1/0; a
 * `number` column's exact decimal as a double (a REAL), or as its text where a double would round it.
 */
function sqliteValue(cell: CellValue, type: ColumnType): string | number | bigint | null {
  if (cell === null) return cell;
  if (typeof cell === "string") return type === "number" ? (decimalAsNumber(cell) ?? cell) : cell;
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
    `${violations.length} rows refer to a missing parent row (${examples.join("; ")}): every record's \`document.path\` must be the path of the document it comes with`,
    {},
  );
}
