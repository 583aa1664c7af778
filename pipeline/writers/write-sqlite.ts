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
import type { CellValue, ColumnType, OutputRow, OutputTable } from "./output-table.js";
import { OUTPUT_TABLES } from "./output-tables.js";
import { createRecordSelector } from "./select-records.js";
import { SQLITE_TABLES } from "./sqlite-tables.js";
import { sqliteStatements } from "./sqlite-statements.js";
import { TABLE_NAMES, type TableName } from "./table-name.js";

const ForeignKeyViolationsSchema = z.array(z.object({ table: z.string(), rowid: z.number().nullable(), parent: z.string() }));

/** Bumped when a column or table changes, so an analyst's script can check what it opened. */
const SCHEMA_VERSION = 1;

/** Where document flags wait until every record flag is in `flags` (a TEMP table: never in the written file). */
const HELD_DOCUMENT_FLAGS = "temp.held_document_flags";

/**
 * Writes `records.sqlite` with the tables projects, indicators, flags and documents, their keys and
 * indexes. The database is built in a temporary file beside the target, one transaction per document as
 * the documents are read, and renamed over the target once complete and closed, so a reader never opens a
 * half-built database. 分 are INTEGER; exact decimals are TEXT.
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
    const statements = TABLE_NAMES.map((name) => ({ table: OUTPUT_TABLES[name], ...sqliteStatements(OUTPUT_TABLES[name], SQLITE_TABLES[name]) }));
    for (const { create } of statements) database.exec(create);
    // The flags table lists every record flag before the first document flag, as the other formats do.
    database.exec(`CREATE TEMP TABLE ${HELD_DOCUMENT_FLAGS} AS SELECT * FROM main."flags" WHERE 0`);
    const insertRows = Object.fromEntries(statements.map(({ table, insert }) => [table.name, rowInserter(database, table, insert)])) as Record<TableName, RowInserter>;
    const holdDocumentFlags = rowInserter(database, OUTPUT_TABLES.flags, `INSERT INTO ${HELD_DOCUMENT_FLAGS} VALUES (${OUTPUT_TABLES.flags.columns.map(() => "?").join(", ")})`);
    const insertDocument = database.transaction((document: DocumentResult, records: readonly ProjectRecord[]) => {
      insertRows.documents(documentRows(document, records, "documents"));
      insertRows.projects(documentRows(document, records, "projects"));
      insertRows.indicators(documentRows(document, records, "indicators"));
      insertRows.flags(documentRows(document, records, "recordFlags"));
      holdDocumentFlags(documentRows(document, records, "documentFlags"));
    });
    const select = createRecordSelector();
    for await (const document of documents.each()) insertDocument(document, select(document));
    database.transaction(() => {
      database.exec(`INSERT INTO main."flags" SELECT * FROM ${HELD_DOCUMENT_FLAGS} ORDER BY rowid`);
      database.exec(`DROP TABLE ${HELD_DOCUMENT_FLAGS}`);
      for (const { indexes } of statements) for (const index of indexes) database.exec(index);
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
    `${violations.length} rows refer to a missing parent row (${examples.join("; ")}): every record's \`document.path\` must be the path of the document it comes with`,
    {},
  );
}
