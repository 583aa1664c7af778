import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { Job } from "bullmq";
import type { DocumentResult } from "../../schemas/run-summary.js";
import type { PipelineConfig, QueueConfig } from "../config.js";
import type { StageContext } from "../context.js";
import { recordFinished } from "../document-state.js";
import { QueueJobError } from "../errors.js";
import type { GatewayStats } from "../llm/llm-gateway.js";
import { RunStateStore } from "../io/run-state-store.js";
import { documentBase, failedDocument } from "../process-document.js";
import type { ProgressReporter } from "../progress.js";
import { readDocumentResult, writeDocumentResult } from "../write-outputs.js";
import type { QueueRun, QueueRunDocument } from "./queue-run-file.js";
import { segmentedFileOf } from "./read-job.js";
import { jobId, jobOptions, type DocumentJobData, type FinishedJobResult, type ReadJobProgress, type QueueStage, type StageQueues } from "./stage-queues.js";

/** Jobs asked about at once: enough to keep Redis busy, few enough not to flood it. */
const BATCH = 200;

export interface CollectedRun {
  /** Input path → its result file, for every document that finished. */
  readonly resultFiles: ReadonlyMap<string, string>;
  readonly reused: number;
  /** Jobs found missing from Redis (it restarted without its data) and submitted again. */
  readonly resubmitted: number;
  /**
   * The model's counters, summed over the documents' jobs as their workers reported them (`peakInFlight`:
   * the highest of any one worker); a document whose job Redis no longer holds adds nothing.
   */
  readonly model: GatewayStats;
}

/**
 * Waits for a submitted run's documents and records each as it finishes: its state row marked done or
 * failed (the only writer of state.sqlite is a collector: workers write result files), its progress shown.
 * A job that failed every attempt becomes the document's `queue_job_failed` failure. A job that vanished
 * (Redis restarted without persistence) is submitted again: workers write results under the content hash,
 * so redoing it writes nothing twice. More than one collector may watch a run: each takes what another
 * recorded from the state store. Stops early, with what is done, when `signal` aborts.
 */
export async function collectRun(
  run: QueueRun,
  queues: StageQueues,
  stage: StageContext & { config: PipelineConfig & { queue: QueueConfig } },
  progress: ProgressReporter,
): Promise<CollectedRun> {
  const { config, logger, signal } = stage;
  const store = RunStateStore.open(config.outDir);
  const resultFiles = new Map<string, string>();
  const pathsOfKey = new Map<string, QueueRunDocument[]>();
  for (const document of run.documents) pathsOfKey.set(document.key, [...(pathsOfKey.get(document.key) ?? []), document]);
  const pending = new Map<string, QueueRunDocument>();
  let tokens = 0;
  let resubmitted = 0;
  const model: GatewayStats = { requests: 0, cacheHits: 0, retries: 0, peakInFlight: 0, refusedByBreaker: 0 };
  const addModel = (stats: GatewayStats | undefined) => {
    if (!stats) return;
    model.requests += stats.requests;
    model.cacheHits += stats.cacheHits;
    model.retries += stats.retries;
    model.refusedByBreaker += stats.refusedByBreaker;
    model.peakInFlight = Math.max(model.peakInFlight, stats.peakInFlight);
  };
  /** OCR pages each document's read job has told so far, so the bar moves by the new ones only. */
  const pagesSeen = new Map<string, ReadJobProgress>();

  const settle = async (key: string, result: DocumentResult, file: string) => {
    for (const document of pathsOfKey.get(key) ?? []) resultFiles.set(document.path, file);
    pending.delete(key);
    tokens += result.usage.promptTokens + result.usage.completionTokens;
    progress.documentEnd(result, tokens);
    logger.info("document-end", { path: result.path, status: result.status, pages: result.pageCount, projects: result.records.length, durationMs: Math.round(result.durationMs) });
  };
  const finish = async (document: QueueRunDocument, file: string, fingerprint: string, stats: GatewayStats | undefined) => {
    const result = await readDocumentResult(file);
    if (!result) return fail(document, "extract", `A worker reported ${file} as the result of ${document.path}, and it is missing or unreadable: is the run directory on storage every worker shares?`);
    recordFinished(store, document.key, result, file, fingerprint);
    addModel(stats);
    if (document.sha256) await rm(segmentedFileOf(config.outDir, document.sha256), { force: true });
    await settle(document.key, result, file);
  };
  const fail = async (document: QueueRunDocument, failedStage: QueueStage, message: string) => {
    const error = new QueueJobError(message, { stage: failedStage, document: document.path });
    const result = failedDocument(documentBase(document, document.sha256), error, performance.now(), stage);
    const file = await writeDocumentResult(config.outDir, result);
    recordFinished(store, document.key, result, file, run.fingerprint);
    await settle(document.key, result, file);
  };
  const failedEveryAttempt = (document: QueueRunDocument, failedStage: QueueStage, job: Job) =>
    fail(document, failedStage, `The ${failedStage} job of ${document.path} failed on every attempt (${job.attemptsMade}): ${job.failedReason ?? "no reason given"}`);
  /** The document's result when a collector (this one at an earlier go, or another) has recorded it. */
  const takeRecorded = async (document: QueueRunDocument): Promise<boolean> => {
    const row = store.get(document.key);
    if (!row || row.status === "in_progress" || !row.resultFile || !existsSync(row.resultFile)) return false;
    const result = await readDocumentResult(row.resultFile);
    if (!result) return false;
    if (document.origin === "submitted") addModel(await recordedModelStats(document));
    await settle(document.key, result, row.resultFile);
    return true;
  };
  /** The counters a document's finished job reported, for a document another collector (or an earlier go) recorded. */
  const recordedModelStats = async (document: QueueRunDocument): Promise<GatewayStats | undefined> => {
    if (!document.sha256) return undefined;
    const extract = await queues.extract.getJob(jobId("extract", run.runId, document.sha256));
    if (extract?.returnvalue) return extract.returnvalue.model;
    const read = await queues.read.getJob(jobId("read", run.runId, document.sha256));
    return read?.returnvalue?.kind === "finished" ? read.returnvalue.model : undefined;
  };
  /** A read job's OCR pages since the last look, told to the progress bar. */
  const followPages = async (document: QueueRunDocument, readId: string) => {
    const told = (await queues.read.getJob(readId))?.progress;
    if (!told || typeof told !== "object" || !("ocrPagesQueued" in told)) return;
    const now = told as ReadJobProgress;
    const seen = pagesSeen.get(document.key) ?? { ocrPagesQueued: 0, ocrPagesDone: 0 };
    // A job started again (its worker died) counts from 0: only pages past what was seen move the bar.
    const queued = Math.max(seen.ocrPagesQueued, now.ocrPagesQueued);
    const done = Math.min(queued, Math.max(seen.ocrPagesDone, now.ocrPagesDone));
    for (let page = seen.ocrPagesQueued; page < queued; page++) progress.ocrPageQueued(document.key);
    for (let page = seen.ocrPagesDone; page < done; page++) progress.ocrPageDone();
    pagesSeen.set(document.key, { ocrPagesQueued: queued, ocrPagesDone: done });
  };

  let reused = 0;
  try {
    progress.start(run.documents.length);
    for (const document of run.documents) {
      // Inputs with the same bytes share a key and are settled together.
      if (pending.has(document.key) || resultFiles.has(document.path)) continue;
      if (await takeRecorded(document)) {
        if (document.origin === "reused") reused++;
      } else if (document.origin === "submitted") {
        pending.set(document.key, document);
      } else {
        await fail(document, "read", `The result an earlier run left for ${document.path} is gone from the run directory: submit the run again`);
      }
    }

    while (pending.size > 0 && !signal.aborted) {
      const batch = [...pending.values()];
      for (let start = 0; start < batch.length && !signal.aborted; start += BATCH) {
        await Promise.all(batch.slice(start, start + BATCH).map((document) => checkDocument(document)));
      }
      if (pending.size > 0) await sleep(config.queue.pollMs, signal);
    }
  } finally {
    progress.stop();
    store.close();
  }
  return { resultFiles, reused, resubmitted, model };

  /** One document's jobs asked about: finished, failed for good, lost, or still on its way. */
  async function checkDocument(document: QueueRunDocument): Promise<void> {
    if (await takeRecorded(document)) return;
    const sha256 = document.sha256!;
    const data: DocumentJobData = { runId: run.runId, outDir: config.outDir, path: document.path, sha256, metadata: document.metadata, options: run.options };
    // The state first, then the job: a job fetched first may complete before its state is asked, and its
    // return value would then be missing from the copy in hand.
    const readId = jobId("read", run.runId, sha256);
    const readState = await queues.read.getJobState(readId);
    if (readState === "unknown") {
      resubmitted++;
      logger.warn("job-resubmitted", { stage: "read", path: document.path, reason: "not on the queue (Redis lost it)" });
      await queues.read.add("read", data, jobOptions("read", run.runId, sha256, config.queue.attempts));
      return;
    }
    if (readState === "active") return followPages(document, readId);
    if (readState !== "completed" && readState !== "failed") return;
    const read = await queues.read.getJob(readId);
    if (!read) return;
    if (readState === "failed") return failedEveryAttempt(document, "read", read);
    const handed = read.returnvalue;
    if (handed.kind === "finished") return finish(document, handed.resultFile, handed.fingerprint, handed.model);
    const extractId = jobId("extract", run.runId, sha256);
    const extractState = await queues.extract.getJobState(extractId);
    if (extractState === "unknown") {
      resubmitted++;
      logger.warn("job-resubmitted", { stage: "extract", path: document.path, reason: "not on the queue (Redis lost it)" });
      await queues.extract.add("extract", { ...data, segmentedFile: handed.segmentedFile }, jobOptions("extract", run.runId, sha256, config.queue.attempts));
      return;
    }
    if (extractState !== "completed" && extractState !== "failed") return;
    const extract: Job<unknown, FinishedJobResult> | undefined = await queues.extract.getJob(extractId);
    if (!extract) return;
    if (extractState === "failed") return failedEveryAttempt(document, "extract", extract);
    return finish(document, extract.returnvalue.resultFile, extract.returnvalue.fingerprint, extract.returnvalue.model);
  }
}

function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, milliseconds);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}
