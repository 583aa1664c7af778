import type Database from "better-sqlite3";
import { openStateDatabase } from "./open-state-database.js";
import { CachedReplySchema, type CachedReply } from "../llm/response-cache.js";

/** A submitted Batch API job as the run directory remembers it. */
export interface BatchJobRow {
  readonly batchId: string;
  readonly inputFileId: string;
  /** The provider's status last seen (`validating`, `in_progress`, `completed` …), or `downloaded` once its replies are stored. */
  readonly status: string;
  readonly requests: number;
  /** Requests of the job that were re-asks: a follow-up batch. */
  readonly reasks: number;
  readonly completed: number;
  readonly failed: number;
  readonly submittedAt: string;
  readonly finishedAt: string | null;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly cachedPromptTokens: number;
}

/**
 * The batch side of the run directory's durable memory, in the same `state.sqlite` as the documents: which
 * request (by its content key) went in which batch, each batch's last known status, and the replies
 * downloaded. A run killed while a batch is out finds its requests here and polls that batch instead of
 * submitting (and paying for) them again; a reply downloaded once is never asked for again.
 */
export class BatchStateStore {
  private readonly database: Database.Database;

  private constructor(outDir: string) {
    this.database = openStateDatabase(
      outDir,
      `
      CREATE TABLE IF NOT EXISTS batch_jobs (
        batch_id TEXT PRIMARY KEY,
        input_file_id TEXT NOT NULL,
        status TEXT NOT NULL,
        requests INTEGER NOT NULL,
        reasks INTEGER NOT NULL,
        completed INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        submitted_at TEXT NOT NULL,
        finished_at TEXT,
        prompt_tokens INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        cached_prompt_tokens INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS batch_requests (
        custom_id TEXT NOT NULL,
        batch_id TEXT NOT NULL REFERENCES batch_jobs (batch_id),
        PRIMARY KEY (custom_id, batch_id)
      );
      CREATE TABLE IF NOT EXISTS batch_replies (
        custom_id TEXT PRIMARY KEY,
        batch_id TEXT NOT NULL,
        reply TEXT NOT NULL
      );
    `,
    );
  }

  static open(outDir: string): BatchStateStore {
    return new BatchStateStore(outDir);
  }

  /** Recorded in one transaction right after the provider accepted the batch, with every request in it. */
  recordSubmitted(job: { batchId: string; inputFileId: string; status: string; reasks: number; submittedAt: string }, customIds: readonly string[]): void {
    const insertJob = this.database.prepare(
      "INSERT INTO batch_jobs (batch_id, input_file_id, status, requests, reasks, submitted_at) VALUES (?, ?, ?, ?, ?, ?)",
    );
    const insertRequest = this.database.prepare("INSERT OR IGNORE INTO batch_requests (custom_id, batch_id) VALUES (?, ?)");
    this.database.transaction(() => {
      insertJob.run(job.batchId, job.inputFileId, job.status, customIds.length, job.reasks, job.submittedAt);
      for (const customId of customIds) insertRequest.run(customId, job.batchId);
    })();
  }

  updateStatus(batchId: string, status: string): void {
    this.database.prepare("UPDATE batch_jobs SET status = ? WHERE batch_id = ? AND status != 'downloaded'").run(status, batchId);
  }

  /** The batch's replies stored and the batch closed, in one transaction: a kill leaves either all or none. */
  recordDownloaded(
    batchId: string,
    outcome: { completed: number; failed: number; finishedAt: string; usage: { promptTokens: number; completionTokens: number; cachedPromptTokens: number } },
    replies: ReadonlyArray<readonly [customId: string, reply: CachedReply]>,
  ): void {
    const insertReply = this.database.prepare("INSERT OR REPLACE INTO batch_replies (custom_id, batch_id, reply) VALUES (?, ?, ?)");
    this.database.transaction(() => {
      for (const [customId, reply] of replies) insertReply.run(customId, batchId, JSON.stringify(reply));
      this.database
        .prepare(
          `UPDATE batch_jobs SET status = 'downloaded', completed = ?, failed = ?, finished_at = ?, prompt_tokens = ?, completion_tokens = ?,
             cached_prompt_tokens = ? WHERE batch_id = ?`,
        )
        .run(outcome.completed, outcome.failed, outcome.finishedAt, outcome.usage.promptTokens, outcome.usage.completionTokens, outcome.usage.cachedPromptTokens, batchId);
    })();
  }

  /** A downloaded reply for this request, or null. */
  reply(customId: string): CachedReply | null {
    const row = this.database.prepare("SELECT reply FROM batch_replies WHERE custom_id = ?").get(customId) as { reply: string } | undefined;
    if (!row) return null;
    const parsed = CachedReplySchema.safeParse(JSON.parse(row.reply));
    return parsed.success ? parsed.data : null;
  }

  /** The batch still out (submitted, not yet downloaded) that carries this request, or null. */
  openBatchOf(customId: string): string | null {
    const row = this.database
      .prepare(
        `SELECT jobs.batch_id AS batchId FROM batch_requests requests JOIN batch_jobs jobs ON jobs.batch_id = requests.batch_id
         WHERE requests.custom_id = ? AND jobs.status != 'downloaded' ORDER BY jobs.submitted_at DESC LIMIT 1`,
      )
      .get(customId) as { batchId: string } | undefined;
    return row?.batchId ?? null;
  }

  jobs(): BatchJobRow[] {
    return this.database
      .prepare(
        `SELECT batch_id AS batchId, input_file_id AS inputFileId, status, requests, reasks, completed, failed, submitted_at AS submittedAt,
           finished_at AS finishedAt, prompt_tokens AS promptTokens, completion_tokens AS completionTokens, cached_prompt_tokens AS cachedPromptTokens
         FROM batch_jobs ORDER BY submitted_at, batch_id`,
      )
      .all() as BatchJobRow[];
  }

  close(): void {
    this.database.close();
  }
}
