import Database from "better-sqlite3";
import { z } from "zod";
import { ProjectRecordSchema, type ProjectRecord } from "../schemas/project-record.js";
import { RecordEditsSchema, type RecordEdits } from "./record-fields.js";
import { ReviewConfigError } from "./review-errors.js";

/** What an analyst decided: the record is right (`accept`), right once corrected (`correct`), or not usable (`reject`). */
export const DecisionActionSchema = z.enum(["accept", "correct", "reject"]);
export type DecisionAction = z.infer<typeof DecisionActionSchema>;

/** What an analyst found of one flag: it points at a real problem (`confirmed`) or it does not (`false_positive`). */
export const FlagVerdictSchema = z.enum(["confirmed", "false_positive"]);
export type FlagVerdict = z.infer<typeof FlagVerdictSchema>;

/** Bumped when a table changes; a database from a newer version is refused rather than misread. */
const SCHEMA_VERSION = 2;

/**
 * Append-only: a new decision supersedes the previous one, so the history of a record (who accepted it, who
 * then corrected it) is never lost. The triggers make that a property of the file, not of this code.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS decisions (
  id                     INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id              TEXT NOT NULL,
  document_sha256        TEXT NOT NULL,
  action                 TEXT NOT NULL CHECK (action IN ('accept', 'correct', 'reject')),
  note                   TEXT NOT NULL,
  reviewer               TEXT NOT NULL,
  decided_at             TEXT NOT NULL,
  pipeline_record_sha256 TEXT NOT NULL,
  edits_json             TEXT NOT NULL,
  record_json            TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_by_record ON decisions (record_id, id);
CREATE TRIGGER IF NOT EXISTS decisions_no_update BEFORE UPDATE ON decisions
  BEGIN SELECT RAISE(ABORT, 'decisions are append-only: add a new decision instead'); END;
CREATE TRIGGER IF NOT EXISTS decisions_no_delete BEFORE DELETE ON decisions
  BEGIN SELECT RAISE(ABORT, 'decisions are append-only: add a new decision instead'); END;
CREATE TABLE IF NOT EXISTS promotions (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id     TEXT NOT NULL,
  decision_id   INTEGER NOT NULL REFERENCES decisions (id),
  gold_file     TEXT NOT NULL,
  reviewer      TEXT NOT NULL,
  promoted_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS promotions_by_record ON promotions (record_id, id);
CREATE TABLE IF NOT EXISTS flag_verdicts (
  id                     INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id              TEXT NOT NULL,
  document_sha256        TEXT NOT NULL,
  code                   TEXT NOT NULL,
  path                   TEXT NOT NULL,
  verdict                TEXT NOT NULL CHECK (verdict IN ('confirmed', 'false_positive')),
  note                   TEXT NOT NULL,
  reviewer               TEXT NOT NULL,
  decided_at             TEXT NOT NULL,
  pipeline_record_sha256 TEXT NOT NULL,
  bulk_id                TEXT
);
CREATE INDEX IF NOT EXISTS flag_verdicts_by_record ON flag_verdicts (record_id, code, path, id);
CREATE TRIGGER IF NOT EXISTS flag_verdicts_no_update BEFORE UPDATE ON flag_verdicts
  BEGIN SELECT RAISE(ABORT, 'flag verdicts are append-only: add a new verdict instead'); END;
CREATE TRIGGER IF NOT EXISTS flag_verdicts_no_delete BEFORE DELETE ON flag_verdicts
  BEGIN SELECT RAISE(ABORT, 'flag verdicts are append-only: add a new verdict instead'); END;
`;

/** One row of the `decisions` table, as it is written. */
export interface NewDecision {
  readonly recordId: string;
  readonly documentSha256: string;
  readonly action: DecisionAction;
  readonly note: string;
  readonly reviewer: string;
  /** ISO 8601 in UTC. */
  readonly decidedAt: string;
  /** Hash of the pipeline's record the decision was made on: a re-run that changes the record makes it stale. */
  readonly pipelineRecordSha256: string;
  /** The analyst's corrections (field path → text); empty unless `action` is `correct`. */
  readonly edits: RecordEdits;
  /** The record as decided: corrections applied and flags re-validated. Kept for the audit trail. */
  readonly record: ProjectRecord;
}

/** A decision as stored, with its row id (ascending: the latest decision of a record is the one in force). */
export interface StoredDecision extends NewDecision {
  readonly id: number;
}

/** What the queue needs of a decision; the full record is only read for the record being viewed. */
export type DecisionSummary = Omit<StoredDecision, "record" | "edits">;

/**
 * An analyst's verdict on one flag of one record (code + path), alone or as part of a bulk action by code:
 * a bulk action is one decision but is stored per record, each row with the reviewer and the time, and the
 * same `bulkId` so the audit trail says they were decided together.
 */
export interface NewFlagVerdict {
  readonly recordId: string;
  readonly documentSha256: string;
  readonly code: string;
  readonly path: string;
  readonly verdict: FlagVerdict;
  readonly note: string;
  readonly reviewer: string;
  readonly decidedAt: string;
  readonly pipelineRecordSha256: string;
  readonly bulkId: string | null;
}

export interface StoredFlagVerdict extends NewFlagVerdict {
  readonly id: number;
}

/** A record written as gold: which decision, into which file, by whom and when. */
export interface Promotion {
  readonly recordId: string;
  readonly decisionId: number;
  readonly goldFile: string;
  readonly reviewer: string;
  readonly promotedAt: string;
}

interface DecisionRow {
  id: number;
  record_id: string;
  document_sha256: string;
  action: string;
  note: string;
  reviewer: string;
  decided_at: string;
  pipeline_record_sha256: string;
  edits_json?: string;
  record_json?: string;
}

interface PromotionRow {
  record_id: string;
  decision_id: number;
  gold_file: string;
  reviewer: string;
  promoted_at: string;
}

const SUMMARY_COLUMNS = "id, record_id, document_sha256, action, note, reviewer, decided_at, pipeline_record_sha256";

/**
 * The analysts' decisions, in `RUN_DIR/review.sqlite`: a file of its own, because a re-run of the pipeline
 * rebuilds its outputs (records.jsonl, records.sqlite …) and must never take decisions with it. Every write is
 * one transaction with `synchronous = FULL`, so a decision the page was told is saved survives a crash.
 */
export class DecisionStore {
  private readonly database: Database.Database;

  private constructor(database: Database.Database) {
    this.database = database;
  }

  /** Opens (creating when needed) the database; refuses one written by a newer version of this app. */
  static open(file: string): DecisionStore {
    let database: Database.Database;
    try {
      database = new Database(file);
    } catch (cause) {
      throw new ReviewConfigError(`Cannot open the review database ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
    }
    try {
      const version = database.pragma("user_version", { simple: true }) as number;
      if (version > SCHEMA_VERSION) {
        throw new ReviewConfigError(`${file} was written by a newer review app (schema ${version}, this one knows ${SCHEMA_VERSION}): update the code`);
      }
      // WAL lets the page read while a decision is written; FULL makes a committed decision survive power loss.
      database.pragma("journal_mode = WAL");
      database.pragma("synchronous = FULL");
      database.pragma("foreign_keys = ON");
      database.pragma("busy_timeout = 5000");
      database.exec(SCHEMA);
      database.pragma(`user_version = ${SCHEMA_VERSION}`);
    } catch (error) {
      database.close();
      throw error;
    }
    return new DecisionStore(database);
  }

  add(decision: NewDecision): StoredDecision {
    const result = this.database
      .prepare(
        `INSERT INTO decisions (record_id, document_sha256, action, note, reviewer, decided_at, pipeline_record_sha256, edits_json, record_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        decision.recordId,
        decision.documentSha256,
        decision.action,
        decision.note,
        decision.reviewer,
        decision.decidedAt,
        decision.pipelineRecordSha256,
        JSON.stringify(decision.edits),
        JSON.stringify(decision.record),
      );
    return { ...decision, id: Number(result.lastInsertRowid) };
  }

  /** The decision in force for a record, or null when nobody has decided yet. */
  latest(recordId: string): StoredDecision | null {
    const row = this.database.prepare("SELECT * FROM decisions WHERE record_id = ? ORDER BY id DESC LIMIT 1").get(recordId) as DecisionRow | undefined;
    return row ? fullDecision(row) : null;
  }

  /** Every decision on a record, newest first. */
  history(recordId: string): DecisionSummary[] {
    const rows = this.database.prepare(`SELECT ${SUMMARY_COLUMNS} FROM decisions WHERE record_id = ? ORDER BY id DESC`).all(recordId) as DecisionRow[];
    return rows.map(summary);
  }

  /** The decision in force for every decided record. */
  latestAll(): Map<string, DecisionSummary> {
    const rows = this.database
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM decisions WHERE id IN (SELECT MAX(id) FROM decisions GROUP BY record_id)`)
      .all() as DecisionRow[];
    return new Map(rows.map((row) => [row.record_id, summary(row)]));
  }

  /** The decisions in force on one document's records, in full: what re-validation and export apply. */
  latestForDocument(documentSha256: string): Map<string, StoredDecision> {
    const rows = this.database
      .prepare(
        `SELECT * FROM decisions WHERE id IN (SELECT MAX(id) FROM decisions WHERE document_sha256 = ? GROUP BY record_id)`,
      )
      .all(documentSha256) as DecisionRow[];
    return new Map(rows.map((row) => [row.record_id, fullDecision(row)]));
  }

  addPromotion(promotion: Promotion): void {
    this.database
      .prepare("INSERT INTO promotions (record_id, decision_id, gold_file, reviewer, promoted_at) VALUES (?, ?, ?, ?, ?)")
      .run(promotion.recordId, promotion.decisionId, promotion.goldFile, promotion.reviewer, promotion.promotedAt);
  }

  latestPromotion(recordId: string): Promotion | null {
    const row = this.database
      .prepare("SELECT record_id, decision_id, gold_file, reviewer, promoted_at FROM promotions WHERE record_id = ? ORDER BY id DESC LIMIT 1")
      .get(recordId) as PromotionRow | undefined;
    return row ? { recordId: row.record_id, decisionId: row.decision_id, goldFile: row.gold_file, reviewer: row.reviewer, promotedAt: row.promoted_at } : null;
  }

  /** Stores many verdicts in one transaction: a bulk action is saved whole or not at all. */
  addFlagVerdicts(verdicts: readonly NewFlagVerdict[]): StoredFlagVerdict[] {
    const insert = this.database.prepare(
      `INSERT INTO flag_verdicts (record_id, document_sha256, code, path, verdict, note, reviewer, decided_at, pipeline_record_sha256, bulk_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const addAll = this.database.transaction((rows: readonly NewFlagVerdict[]) =>
      rows.map((verdict) => {
        const result = insert.run(verdict.recordId, verdict.documentSha256, verdict.code, verdict.path, verdict.verdict, verdict.note, verdict.reviewer, verdict.decidedAt, verdict.pipelineRecordSha256, verdict.bulkId);
        return { ...verdict, id: Number(result.lastInsertRowid) };
      }),
    );
    return addAll(verdicts);
  }

  /** The verdict in force on every judged flag (record, code, path), oldest first. */
  latestFlagVerdicts(): StoredFlagVerdict[] {
    const rows = this.database
      .prepare("SELECT * FROM flag_verdicts WHERE id IN (SELECT MAX(id) FROM flag_verdicts GROUP BY record_id, code, path) ORDER BY id")
      .all() as FlagVerdictRow[];
    return rows.map((row) => ({
      id: row.id,
      recordId: row.record_id,
      documentSha256: row.document_sha256,
      code: row.code,
      path: row.path,
      verdict: FlagVerdictSchema.parse(row.verdict),
      note: row.note,
      reviewer: row.reviewer,
      decidedAt: row.decided_at,
      pipelineRecordSha256: row.pipeline_record_sha256,
      bulkId: row.bulk_id,
    }));
  }

  close(): void {
    this.database.close();
  }
}

interface FlagVerdictRow {
  id: number;
  record_id: string;
  document_sha256: string;
  code: string;
  path: string;
  verdict: string;
  note: string;
  reviewer: string;
  decided_at: string;
  pipeline_record_sha256: string;
  bulk_id: string | null;
}

function summary(row: DecisionRow): DecisionSummary {
  return {
    id: row.id,
    recordId: row.record_id,
    documentSha256: row.document_sha256,
    action: DecisionActionSchema.parse(row.action),
    note: row.note,
    reviewer: row.reviewer,
    decidedAt: row.decided_at,
    pipelineRecordSha256: row.pipeline_record_sha256,
  };
}

/** JSON columns are checked on the way out too: the file may have been edited by hand. */
function fullDecision(row: DecisionRow): StoredDecision {
  return {
    ...summary(row),
    edits: RecordEditsSchema.parse(JSON.parse(row.edits_json ?? "{}")),
    record: ProjectRecordSchema.parse(JSON.parse(row.record_json ?? "null")),
  };
}
