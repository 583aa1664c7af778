import type Database from "better-sqlite3";
import { openStateDatabase } from "./open-state-database.js";

export type DocumentStatus = "in_progress" | "done" | "failed";

export interface DocumentState {
  readonly key: string;
  readonly path: string;
  readonly status: DocumentStatus;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly resultFile: string | null;
  /** What produced the result (extractor, model, prompt, schema); a result made otherwise is not reused. */
  readonly fingerprint: string | null;
  readonly attempts: number;
  readonly updatedAt: string;
}

/**
 * The run directory's durable memory: one row per document, keyed by its content hash (so a renamed file is
 * not extracted again), with its status, error and result file. SQLite in WAL mode with synchronous=NORMAL:
 * a row is durable once its transaction commits, and a killed process leaves at worst rows `in_progress`,
 * which the next run picks up again.
 */
export class RunStateStore {
  private readonly database: Database.Database;

  private constructor(outDir: string) {
    this.database = openStateDatabase(
      outDir,
      `
      CREATE TABLE IF NOT EXISTS documents (
        key TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('in_progress', 'done', 'failed')),
        error_code TEXT,
        error_message TEXT,
        result_file TEXT,
        fingerprint TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS documents_status ON documents (status);
    `,
    );
  }

  static open(outDir: string): RunStateStore {
    return new RunStateStore(outDir);
  }

  get(key: string): DocumentState | null {
    const row = this.database.prepare("SELECT * FROM documents WHERE key = ?").get(key) as StateRow | undefined;
    return row ? fromRow(row) : null;
  }

  markStarted(key: string, documentPath: string): void {
    this.database
      .prepare(
        `INSERT INTO documents (key, path, status, attempts, updated_at) VALUES (?, ?, 'in_progress', 1, ?)
         ON CONFLICT (key) DO UPDATE SET path = excluded.path, status = 'in_progress', error_code = NULL,
           error_message = NULL, attempts = attempts + 1, updated_at = excluded.updated_at`,
      )
      .run(key, documentPath, now());
  }

  markFinished(
    key: string,
    outcome: { status: "done" | "failed"; resultFile: string; fingerprint: string; errorCode?: string | null; errorMessage?: string | null },
  ): void {
    this.database
      .prepare("UPDATE documents SET status = ?, result_file = ?, fingerprint = ?, error_code = ?, error_message = ?, updated_at = ? WHERE key = ?")
      .run(outcome.status, outcome.resultFile, outcome.fingerprint, outcome.errorCode ?? null, outcome.errorMessage ?? null, now(), key);
  }

  counts(): Record<DocumentStatus, number> {
    const rows = this.database.prepare("SELECT status, COUNT(*) AS count FROM documents GROUP BY status").all() as Array<{ status: DocumentStatus; count: number }>;
    const counts: Record<DocumentStatus, number> = { in_progress: 0, done: 0, failed: 0 };
    for (const row of rows) counts[row.status] = row.count;
    return counts;
  }

  close(): void {
    this.database.close();
  }
}

interface StateRow {
  key: string;
  path: string;
  status: DocumentStatus;
  error_code: string | null;
  error_message: string | null;
  result_file: string | null;
  fingerprint: string | null;
  attempts: number;
  updated_at: string;
}

function fromRow(row: StateRow): DocumentState {
  return {
    key: row.key,
    path: row.path,
    status: row.status,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    resultFile: row.result_file,
    fingerprint: row.fingerprint,
    attempts: row.attempts,
    updatedAt: row.updated_at,
  };
}

function now(): string {
  return new Date().toISOString();
}
