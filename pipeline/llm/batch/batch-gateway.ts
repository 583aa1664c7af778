import path from "node:path";
import type { LlmConfig } from "../../config.js";
import { writeFileAtomic } from "../../io/write-file-atomic.js";
import { LlmCallError } from "../../errors.js";
import type { BatchStateStore } from "../../io/batch-state-store.js";
import type { Logger } from "../../logger.js";
import { chatCompletionBody } from "../chat-completion-body.js";
import { replyFromCompletion, type ApiCompletion } from "../completion-reply.js";
import type { SpendGuard, SpendTicket } from "../cost-ceiling.js";
import type { ChatReply, ChatRequest, GatewayStats, LlmGateway } from "../llm-gateway.js";
import { requestKey } from "../request-key.js";
import type { CachedReply, ResponseCache } from "../response-cache.js";
import type { BatchApi, BatchStatus } from "./batch-api.js";
import { BatchJobError } from "./batch-job-error.js";
import { batchInputLine, lineErrorMessage, parseBatchOutput, type BatchOutputLine } from "./batch-lines.js";

export interface BatchGatewayOptions {
  readonly api: BatchApi;
  readonly store: BatchStateStore;
  readonly cache: ResponseCache | null;
  readonly logger: Logger;
  /** The run's signal: stops collecting and polling. Requests already out stay out; the next run polls them. */
  readonly signal: AbortSignal;
  /** How often a submitted batch is polled. */
  readonly pollMs: number;
  /** Requests are collected until none has come for this long, then submitted as one batch. */
  readonly collectMs: number;
  readonly spendGuard?: SpendGuard;
  /**
   * Where each batch's input, output and error files are kept (`<batch id>.input.jsonl` …): the record of what
   * was asked and answered, and the input vLLM's `run_batch` reads as it is. Null: not kept.
   */
  readonly archiveDir: string | null;
  readonly sleep?: (milliseconds: number, signal: AbortSignal) => Promise<void>;
}

/** OpenAI's limits on one batch: 50,000 requests and a 200 MB input file (kept under, with room). */
const MAX_REQUESTS_PER_BATCH = 50_000;
const MAX_BATCH_BYTES = 150 * 1024 * 1024;
/** Polls that fail in a row before the batch's requests are given up on (the batch itself may still finish). */
const MAX_POLL_FAILURES = 10;
const STILL_RUNNING = new Set<BatchStatus["status"]>(["validating", "in_progress", "finalizing", "cancelling"]);

interface Waiter {
  readonly resolve: (reply: ChatReply) => void;
  readonly reject: (error: unknown) => void;
  readonly document: string | undefined;
}

interface PendingRequest {
  readonly customId: string;
  readonly line: string;
  readonly reask: boolean;
  readonly ticket: SpendTicket | undefined;
}

/**
 * The model door of `--llm-mode batch`: the same `complete()` as the synchronous gateway, but each request
 * waits in a collection that goes out as one Batch API job (JSONL uploaded through the Files API, then
 * `POST /v1/batches`), polled until the job ends, its output and error files downloaded and every waiting
 * request answered. Re-asks of replies that failed the schema arrive later and go out in a follow-up batch.
 * Batch ids and downloaded replies are kept in the run directory's state, so a killed run's next start polls
 * the batches already out instead of paying for them twice.
 */
export function createBatchGateway(config: LlmConfig, options: BatchGatewayOptions): LlmGateway {
  const { api, store, logger, signal: runSignal } = options;
  const sleep = options.sleep ?? sleepUnlessAborted;
  const stats: GatewayStats = { requests: 0, cacheHits: 0, retries: 0, peakInFlight: 0, refusedByBreaker: 0 };
  const waiters = new Map<string, Waiter[]>();
  const pending: PendingRequest[] = [];
  const queued = new Set<string>();
  const tickets = new Map<string, SpendTicket>();
  const polling = new Map<string, Promise<void>>();
  // The batch each waiting request is in, once it is in one.
  const batchOf = new Map<string, string>();
  let pendingBytes = 0;
  let outstanding = 0;
  let timer: NodeJS.Timeout | null = null;

  runSignal.addEventListener(
    "abort",
    () => {
      if (timer) clearTimeout(timer);
      for (const customId of [...waiters.keys()]) rejectWaiters(customId, () => runSignal.reason);
    },
    { once: true },
  );

  async function complete(request: ChatRequest): Promise<ChatReply> {
    const customId = requestKey(config, request);
    const hit = options.cache ? await options.cache.get(customId) : null;
    if (hit) {
      stats.cacheHits++;
      return { ...hit, cached: true };
    }
    // Paid for by a batch of this run directory, perhaps one a killed run submitted.
    const stored = store.reply(customId);
    if (stored) return { ...stored, cached: false };
    if (runSignal.aborted) throw runSignal.reason;

    const answer = new Promise<ChatReply>((resolve, reject) => {
      const list = waiters.get(customId) ?? [];
      list.push({ resolve, reject, document: request.document });
      waiters.set(customId, list);
    });
    const openBatch = store.openBatchOf(customId);
    if (openBatch) {
      batchOf.set(customId, openBatch);
      pollOnce(openBatch);
    } else if (!queued.has(customId)) {
      // Throws CostCeilingReachedError before anything is queued; the waiter registered above is dropped.
      let ticket: SpendTicket | undefined;
      try {
        ticket = options.spendGuard?.admit(request);
      } catch (error) {
        waiters.delete(customId);
        throw error;
      }
      const line = batchInputLine(customId, chatCompletionBody(config.model, request));
      queued.add(customId);
      pending.push({ customId, line, reask: request.attempt > 0, ticket });
      pendingBytes += Buffer.byteLength(line) + 1;
      scheduleSubmission();
    }
    return answer;
  }

  function scheduleSubmission(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length >= MAX_REQUESTS_PER_BATCH || pendingBytes >= MAX_BATCH_BYTES) {
      void submit();
      return;
    }
    timer = setTimeout(() => void submit(), options.collectMs);
  }

  async function submit(): Promise<void> {
    timer = null;
    const taken = pending.splice(0, MAX_REQUESTS_PER_BATCH);
    pendingBytes = pending.reduce((total, request) => total + Buffer.byteLength(request.line) + 1, 0);
    if (taken.length === 0 || runSignal.aborted) return;
    for (const request of taken) {
      queued.delete(request.customId);
      if (request.ticket) tickets.set(request.customId, request.ticket);
    }
    const customIds = taken.map((request) => request.customId);
    const jsonl = taken.map((request) => request.line).join("\n") + "\n";
    try {
      const inputFileId = await api.upload(jsonl, `disclosure-ingest-${Date.now()}.jsonl`, runSignal);
      const batch = await api.create(inputFileId, { source: "disclosure-ingest", requests: String(taken.length) }, runSignal);
      // Recorded the moment the provider has it: from here on a killed run resumes this batch.
      store.recordSubmitted(
        { batchId: batch.id, inputFileId, status: batch.status, reasks: taken.filter((request) => request.reask).length, submittedAt: new Date(batch.createdAt * 1000).toISOString() },
        customIds,
      );
      for (const customId of customIds) batchOf.set(customId, batch.id);
      await archive(`${batch.id}.input.jsonl`, jsonl);
      stats.requests += taken.length;
      outstanding += taken.length;
      stats.peakInFlight = Math.max(stats.peakInFlight, outstanding);
      logger.info("batch-submitted", { batch: batch.id, requests: taken.length, reasks: taken.filter((request) => request.reask).length });
      pollOnce(batch.id);
    } catch (error) {
      if (runSignal.aborted) return;
      const message = `Could not submit a batch of ${taken.length} requests: ${error instanceof Error ? error.message : String(error)}`;
      for (const customId of customIds) settleFailed(customId, (document) => new LlmCallError(message, { document, kind: "connection", cause: error }));
    }
  }

  /** One poller per batch, however many requests wait on it. */
  function pollOnce(batchId: string): void {
    if (polling.has(batchId)) return;
    polling.set(
      batchId,
      poll(batchId).catch((error: unknown) => {
        if (!runSignal.aborted) logger.warn("batch-poll-failed", { batch: batchId, error: error instanceof Error ? error.message : String(error) });
      }),
    );
  }

  async function poll(batchId: string): Promise<void> {
    let failures = 0;
    let status: BatchStatus;
    for (;;) {
      try {
        status = await api.retrieve(batchId, runSignal);
        failures = 0;
      } catch (error) {
        if (runSignal.aborted) return;
        if (++failures >= MAX_POLL_FAILURES) {
          const message = `Batch ${batchId} could not be polled ${failures} times in a row; it may still finish: run again to resume it`;
          giveUp(batchId, (document) => new BatchJobError(message, { batchId, reason: "unreadable", document, cause: error }));
          return;
        }
        await sleep(options.pollMs, runSignal);
        continue;
      }
      store.updateStatus(batchId, status.status);
      if (!STILL_RUNNING.has(status.status)) break;
      logger.debug("batch-poll", { batch: batchId, status: status.status, completed: status.counts.completed, total: status.counts.total });
      await sleep(options.pollMs, runSignal);
    }
    if (status.status === "failed") {
      const reason = status.errors.length > 0 ? status.errors.join("; ") : "no reason given";
      store.recordDownloaded(batchId, { completed: 0, failed: status.counts.total, finishedAt: isoTime(status.finishedAt), usage: { promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0 } }, []);
      giveUp(batchId, (document) => new BatchJobError(`Batch ${batchId} failed validation: ${reason}`, { batchId, reason: "failed", document }));
      return;
    }
    // completed, expired or cancelled: what ran is in the output file, what did not in the error file.
    const download = async (fileId: string | null, suffix: string) => {
      if (fileId === null) return { lines: [], damaged: [] };
      const text = await api.fileText(fileId, runSignal);
      await archive(`${batchId}.${suffix}.jsonl`, text);
      return parseBatchOutput(text);
    };
    const output = await download(status.outputFileId, "output");
    const errors = await download(status.errorFileId, "error");
    if (output.damaged.length + errors.damaged.length > 0) logger.warn("batch-lines-unreadable", { batch: batchId, lines: output.damaged.length + errors.damaged.length });
    const replies: Array<[string, CachedReply]> = [];
    const failed: BatchOutputLine[] = [...errors.lines];
    for (const line of output.lines) {
      if (line.response?.status_code === 200 && line.response.body) replies.push([line.custom_id, replyFromCompletion(line.response.body as ApiCompletion, config.model)]);
      else failed.push(line);
    }
    const usage = replies.reduce(
      (sum, [, reply]) => ({
        promptTokens: sum.promptTokens + reply.usage.promptTokens,
        completionTokens: sum.completionTokens + reply.usage.completionTokens,
        cachedPromptTokens: sum.cachedPromptTokens + (reply.usage.cachedPromptTokens ?? 0),
      }),
      { promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0 },
    );
    store.recordDownloaded(batchId, { completed: replies.length, failed: failed.length, finishedAt: isoTime(status.finishedAt), usage }, replies);
    logger.info("batch-downloaded", { batch: batchId, status: status.status, completed: replies.length, failed: failed.length });
    for (const [customId, reply] of replies) {
      if (options.cache) await options.cache.set(customId, reply);
      const ticket = tickets.get(customId);
      if (ticket) options.spendGuard?.settle(ticket, reply.usage);
      tickets.delete(customId);
      for (const waiter of takeWaiters(customId)) waiter.resolve({ ...reply, cached: false });
    }
    for (const line of failed) {
      const status = line.response?.status_code;
      const message = `Batch ${batchId}: the request ${status !== undefined ? "failed with" : "did not run:"} ${lineErrorMessage(line)}`;
      const reason = line.error?.code === "batch_cancelled" ? "cancelled" : "expired";
      settleFailed(line.custom_id, (document) =>
        status !== undefined ? new LlmCallError(message, { document, status, kind: "status" }) : new BatchJobError(message, { batchId, reason, document }),
      );
    }
    const answered = new Set([...replies.map(([customId]) => customId), ...failed.map((line) => line.custom_id)]);
    giveUp(batchId, (document) => new BatchJobError(`Batch ${batchId} ended (${status.status}) without a line for this request`, { batchId, reason: "missing", document }), answered);
  }

  /** The batch is over: every request still waiting on it (but those in `except`, answered already) fails. */
  function giveUp(batchId: string, makeError: (document: string | undefined) => unknown, except: ReadonlySet<string> = new Set()): void {
    outstanding = Math.max(0, outstanding - (store.jobs().find((job) => job.batchId === batchId)?.requests ?? 0));
    polling.delete(batchId);
    for (const [customId, carrier] of [...batchOf]) {
      if (carrier !== batchId) continue;
      batchOf.delete(customId);
      if (!except.has(customId)) settleFailed(customId, makeError);
    }
  }

  function settleFailed(customId: string, makeError: (document: string | undefined) => unknown): void {
    const ticket = tickets.get(customId);
    if (ticket) options.spendGuard?.release(ticket);
    tickets.delete(customId);
    rejectWaiters(customId, makeError);
  }

  /** Each waiter gets its own error, naming its own document. */
  function rejectWaiters(customId: string, makeError: (document: string | undefined) => unknown): void {
    for (const waiter of takeWaiters(customId)) waiter.reject(makeError(waiter.document));
  }

  function takeWaiters(customId: string): Waiter[] {
    const list = waiters.get(customId) ?? [];
    waiters.delete(customId);
    return list;
  }

  async function archive(name: string, text: string): Promise<void> {
    if (options.archiveDir) await writeFileAtomic(path.join(options.archiveDir, name), text);
  }

  // No pre-flight here: a batch's first upload is itself the check, and its failure fails the batch's units typed.
  return { model: config.model, complete, checkEndpoint: async () => null, stats };
}

function isoTime(seconds: number | null): string {
  return new Date(seconds === null ? Date.now() : seconds * 1000).toISOString();
}

function sleepUnlessAborted(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(resolve, milliseconds);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
