import path from "node:path";
import type { PipelineConfig } from "../config.js";
import { BatchStateStore } from "../io/batch-state-store.js";
import type { Logger } from "../logger.js";
import { createBatchApi } from "./batch/batch-api.js";
import { createBatchGateway } from "./batch/batch-gateway.js";
import { summarizeBatches } from "./batch/summarize-batches.js";
import type { SpendGuard } from "./cost-ceiling.js";
import { createLlmGateway, type LlmGateway, type RequestPacer } from "./llm-gateway.js";
import { ResponseCache } from "./response-cache.js";
import type { RetryTiming } from "./retry-policy.js";
import type { BatchReport } from "../../schemas/run-summary.js";

export interface ModelGateway {
  readonly gateway: LlmGateway;
  /** run.json's `batches` (null in sync mode), read from the run directory's state. */
  batches(): BatchReport[] | null;
  close(): void;
}

/**
 * The door to the model the run's `--llm-mode` asks for: the synchronous gateway (concurrency, rate caps,
 * retries) or the Batch API one (collect, submit, poll, download), both behind the same `complete()`, both
 * asking the cost ceiling before they send. Null without a model.
 */
export function createModelGateway(
  config: PipelineConfig,
  options: {
    readonly logger: Logger;
    readonly signal: AbortSignal;
    readonly fetch?: typeof fetch;
    readonly retryTiming?: Partial<RetryTiming>;
    readonly spendGuard?: SpendGuard;
    /** The sync gateway's pace shared with other processes (`--rpm` across the queue's workers). */
    readonly pacer?: RequestPacer;
    /** The sync gateway keeps its counters per document too (a queue worker reports them per job). */
    readonly countPerDocument?: boolean;
  },
): ModelGateway | null {
  if (!config.llm) return null;
  const cache = config.cache.enabled ? new ResponseCache(config.cache.dir) : null;
  if (config.llmMode.mode === "sync") {
    const gateway = createLlmGateway(config.llm, {
      cache,
      logger: options.logger,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.retryTiming ? { retryTiming: options.retryTiming } : {}),
      ...(options.spendGuard ? { spendGuard: options.spendGuard } : {}),
      ...(options.pacer ? { pacer: options.pacer } : {}),
      ...(options.countPerDocument ? { countPerDocument: true } : {}),
    });
    return { gateway, batches: () => null, close: () => {} };
  }
  const store = BatchStateStore.open(config.outDir);
  const model = config.llm.model;
  const gateway = createBatchGateway(config.llm, {
    api: createBatchApi(config.llm, options.fetch),
    store,
    cache,
    logger: options.logger,
    signal: options.signal,
    pollMs: config.llmMode.pollMs,
    collectMs: config.llmMode.collectMs,
    archiveDir: path.join(config.outDir, "batches"),
    ...(options.spendGuard ? { spendGuard: options.spendGuard } : {}),
  });
  return { gateway, batches: () => summarizeBatches(store.jobs(), config.prices.table, model), close: () => store.close() };
}
