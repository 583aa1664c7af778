import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";

/**
 * The run directory's `state.sqlite`, opened in WAL mode with synchronous=NORMAL: a row is durable once its
 * transaction commits, and several stores (documents, batches) may hold it open at once.
 */
export function openStateDatabase(outDir: string, schema: string): Database.Database {
  mkdirSync(outDir, { recursive: true });
  const database = new Database(path.join(outDir, "state.sqlite"));
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.exec(schema);
  return database;
}
