import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ProjectRecord } from "../schemas/project-record.js";
import { z } from "zod";
import type { DocumentResult } from "../schemas/run-summary.js";
import type { StageContext } from "../pipeline/context.js";
import { writeFileAtomic } from "../pipeline/io/write-file-atomic.js";
import { documentResultFile, readDocumentResult, reviewQueue } from "../pipeline/write-outputs.js";
import { documentSourceOf } from "../pipeline/writers/document-source.js";
import { OUTPUT_WRITERS } from "../pipeline/writers/output-writers.js";
import { applyDecision } from "./apply-decision.js";
import { DecisionStore, type StoredDecision } from "./decision-store.js";
import { recordHash } from "./record-hash.js";
import { revalidateDocument } from "./revalidate-document.js";
import { REVIEW_COLUMNS } from "../schemas/tables/review-columns.js";
import { RunDirectoryError } from "./review-errors.js";
import { REVIEW_FLAGS_FILE, type ReviewedFlag } from "../schemas/reviewed-flag.js";

/** Every flag verdict in force, with the flag's document, project, severity and message: what the eval reads. */
function reviewedFlagLines(store: DecisionStore, documents: readonly DocumentResult[]): ReviewedFlag[] {
  const records = new Map(documents.flatMap((document) => document.records.map((record) => [record.id, record] as const)));
  return store.latestFlagVerdicts().flatMap((verdict): ReviewedFlag[] => {
    const record = records.get(verdict.recordId);
    const flag = record?.flags.find((candidate) => candidate.code === verdict.code && candidate.path === verdict.path);
    if (!record || !flag) return [];
    return [
      {
        id: verdict.recordId,
        document: record.document.path,
        documentSha256: verdict.documentSha256,
        project: record.project.name,
        code: verdict.code,
        path: verdict.path,
        severity: flag.severity,
        message: flag.message,
        verdict: verdict.verdict,
        note: verdict.note,
        reviewer: verdict.reviewer,
        decidedAt: verdict.decidedAt,
        bulk: verdict.bulkId !== null,
        stale: verdict.pipelineRecordSha256 !== recordHash(record),
      },
    ];
  });
}

export interface ExportOptions {
  readonly runDir: string;
  /** @default `<runDir>/reviewed` */
  readonly outDir: string;
  /** @default `<runDir>/review.sqlite` */
  readonly databaseFile: string;
}

export interface ExportResult {
  readonly files: readonly string[];
  /** Records written (rejected ones are left out). */
  readonly records: number;
  readonly decisions: { readonly accept: number; readonly correct: number; readonly reject: number };
  /** Lines of `review-flags.jsonl`: flags an analyst confirmed or dismissed as false positives. */
  readonly flagVerdicts: number;
  /** Records whose decision was made before a re-run changed them: exported, but worth a second look. */
  readonly stale: readonly string[];
  /** Records whose stored corrections no longer apply: exported as the pipeline wrote them. */
  readonly unapplied: readonly string[];
}

/**
 * `review export`: the run's records with the analysts' decisions applied, in every output format — JSONL
 * (records.jsonl, flagged.jsonl) and each writer of the output-writer registry (CSV, XLSX, SQLite …), plus
 * `review-decisions.jsonl`, the decisions themselves. Corrected records are re-validated over their document
 * (so department totals and sibling comparisons see the corrections); rejected records are left out of the
 * records and kept in the decisions file. The run's own files are never touched.
 */
export async function exportReviewed(options: ExportOptions, context: StageContext): Promise<ExportResult> {
  const documents = await readDocuments(options.runDir);
  const store = existsSync(options.databaseFile) ? DecisionStore.open(options.databaseFile) : null;
  const counts = { accept: 0, correct: 0, reject: 0 };
  const stale: string[] = [];
  const unapplied: string[] = [];
  const decisionLines: string[] = [];

  try {
    const reviewed: DocumentResult[] = [];
    for (const document of documents) {
      const decisions = store && document.sha256 ? store.latestForDocument(document.sha256) : new Map<string, StoredDecision>();
      if (document.status !== "done" || decisions.size === 0) {
        reviewed.push(document);
        continue;
      }
      const ordered = [...document.records].sort((a, b) => a.unit.index - b.unit.index);
      const versions = ordered.map((record) => applyDecision(record, decisions.get(record.id) ?? null));
      const validated = await revalidateDocument(
        {
          records: versions.map((version) => version.record),
          originals: new Map(ordered.map((record) => [record.id, record])),
          editedPaths: new Map(versions.map((version) => [version.original.id, version.editedPaths])),
        },
        context,
      );
      const kept: ProjectRecord[] = [];
      versions.forEach((version, position) => {
        const decision = version.decision;
        if (decision) {
          counts[decision.action]++;
          const isStale = decision.pipelineRecordSha256 !== recordHash(version.original);
          if (isStale) stale.push(decision.recordId);
          if (version.editError) unapplied.push(decision.recordId);
          decisionLines.push(
            JSON.stringify({
              id: decision.recordId,
              document: document.path,
              project: version.original.project.name,
              action: decision.action,
              note: decision.note,
              reviewer: decision.reviewer,
              decidedAt: decision.decidedAt,
              edits: decision.edits,
              stale: isStale,
              applied: version.editError === null,
            }) + "\n",
          );
        }
        if (decision?.action !== "reject") kept.push(withReviewColumns(validated.records[position]!, decision));
      });
      reviewed.push({ ...document, records: kept, documentFlags: validated.documentFlags });
    }

    const records = reviewed.filter((document) => document.status === "done").flatMap((document) => document.records);
    const flagLines = store ? reviewedFlagLines(store, documents) : [];
    const files = [
      path.join(options.outDir, "records.jsonl"),
      path.join(options.outDir, "flagged.jsonl"),
      path.join(options.outDir, "review-decisions.jsonl"),
      path.join(options.outDir, REVIEW_FLAGS_FILE),
    ];
    await writeFileAtomic(files[0]!, records.map((record) => JSON.stringify(record) + "\n").join(""));
    await writeFileAtomic(files[1]!, reviewQueue(records).map((entry) => JSON.stringify(entry) + "\n").join(""));
    await writeFileAtomic(files[2]!, decisionLines.join(""));
    await writeFileAtomic(files[3]!, flagLines.map((line) => JSON.stringify(line) + "\n").join(""));
    for (const writer of Object.values(OUTPUT_WRITERS)) files.push(...(await writer(options.outDir, documentSourceOf(reviewed))));
    return { files, records: records.length, decisions: counts, flagVerdicts: flagLines.length, stale, unapplied };
  } finally {
    store?.close();
  }
}

/**
 * The review's columns of every table (records, indicators, flags): the decision in force, who made it, when,
 * and the note. Carried as per-record manifest columns, so each writer puts them beside the manifest's
 * (region, year, 备注 …) without a writer knowing about reviews; empty on a record nobody decided.
 */
function withReviewColumns(record: ProjectRecord, decision: StoredDecision | null): ProjectRecord {
  if (decision === null) return record;
  const review: Record<keyof typeof REVIEW_COLUMNS & string, string> = {
    review_decision: decision.action,
    reviewed_by: decision.reviewer,
    reviewed_at: decision.decidedAt,
    review_note: decision.note,
  };
  return { ...record, document: { ...record.document, metadata: { ...record.document.metadata, ...review } } };
}

/** What export needs of `run.json`: which documents the run had. Read loosely, so a run.json with fields added later still exports. */
const ListedDocumentsSchema = z.object({ documents: z.array(z.object({ path: z.string(), sha256: z.string().nullable() })) });

/**
 * Every document of the run, from `documents/*.json`, as `run.json` lists them: the writers need failed
 * documents too (the documents table), and a run directory reused for another run keeps older results there.
 */
async function readDocuments(runDir: string): Promise<DocumentResult[]> {
  const summaryFile = path.join(runDir, "run.json");
  let listed: ReadonlyArray<{ path: string; sha256: string | null }>;
  try {
    listed = ListedDocumentsSchema.parse(JSON.parse(await readFile(summaryFile, "utf8"))).documents;
  } catch (cause) {
    const why = cause instanceof Error ? cause.message.split("\n").slice(0, 12).join(" ") : String(cause);
    throw new RunDirectoryError(`Cannot read ${summaryFile} (${why}): is ${runDir} a complete run directory written by this version's \`ingest --out\`?`, { file: summaryFile, cause });
  }
  const documents: DocumentResult[] = [];
  for (const entry of listed) {
    const file = documentResultFile(runDir, entry.path, entry.sha256);
    const result = await readDocumentResult(file);
    if (result === null) throw new RunDirectoryError(`${file} (${entry.path}) is missing or not a document result: re-run the pipeline to rewrite it`, { file });
    documents.push(result);
  }
  return documents;
}
