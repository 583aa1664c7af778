import { setMaxListeners } from "node:events";
import path from "node:path";
import PQueue from "p-queue";
import type { DocumentResult, RunSummary } from "../schemas/run-summary.js";
import type { PipelineConfig } from "./config.js";
import type { StageContext } from "./context.js";
import { createExtractorContext } from "./create-extractor-context.js";
import { findReusableResult, recordFinished } from "./document-state.js";
import type { ExtractorContext } from "./extractors/extraction-result.js";
import { findInputs, type InputDocument } from "./io/find-inputs.js";
import { removeOrphanTemporaries } from "./io/remove-orphan-temporaries.js";
import { RunLock } from "./io/run-lock.js";
import { RunStateStore } from "./io/run-state-store.js";
import type { RetryTiming } from "./llm/retry-policy.js";
import { silentLogger, type Logger } from "./logger.js";
import type { OcrPagesContext } from "./ocr-pages.js";
import { OcrPool } from "./ocr/ocr-pool.js";
import { loadDocument, processDocument } from "./process-document.js";
import { countOcrPages, createProgressReporter, type ProgressReporter } from "./progress.js";
import { pathKey, runFingerprint } from "./run-fingerprint.js";
import { summarizeRun, writeRunFiles } from "./summarize-run.js";
import { resultFileSource, writeDocumentResult, type RunOutputFiles } from "./write-outputs.js";
import { createDocumentReaderPool, type DocumentReaderPool } from "./workers/read-pdf-pool.js";

export interface RunDependencies {
  readonly logger?: Logger;
  readonly progress?: ProgressReporter;
  readonly signal?: AbortSignal;
  /** Injected by tests; production uses the global fetch. */
  readonly fetch?: typeof fetch;
  readonly retryTiming?: Partial<RetryTiming>;
  /**
   * Keep every document's result, records included, in `RunOutcome.results` (the eval and tests read them).
   * Off, the outputs are written a document at a time and memory does not grow with the run.
   * @default false
   */
  readonly keepResults?: boolean;
  /**
   * The OCR pool to read scanned pages with, in place of the one the run would start (tests, and tools that
   * replay recorded recognitions); the run does not close an injected pool.
   */
  readonly ocr?: OcrPagesContext["ocr"];
}

export interface RunOutcome {
  readonly summary: RunSummary;
  readonly files: RunOutputFiles & { readonly tabular: readonly string[] };
  /**
   * Every document's result, records included, in path order (read back from the run directory) when
   * `RunDependencies.keepResults` is set; empty otherwise.
   */
  readonly results: readonly DocumentResult[];
  /** 0 when every document went through, 1 when some failed (the others are written). */
  readonly exitCode: 0 | 1;
  /** The run was stopped (Ctrl-C): documents in flight were abandoned and are picked up by the next run. */
  readonly interrupted: boolean;
}

/**
 * The whole job: read → normalize → layout → segment → extract → validate → write, for every input.
 * This file owns concurrency (documents in a queue, LLM calls in the gateway's), retries (in the gateway),
 * and all I/O; the stages are pure functions of their input and context.
 */
export async function runPipeline(config: PipelineConfig, dependencies: RunDependencies = {}): Promise<RunOutcome> {
  const startedAt = new Date();
  const logger = dependencies.logger ?? silentLogger;
  const signal = dependencies.signal ?? new AbortController().signal;
  // Every queued model request listens on the run's signal; thousands of them are expected, not a leak.
  setMaxListeners(0, signal);
  const progress = dependencies.progress ?? createProgressReporter("none");
  const stage: StageContext = { config, logger, signal };
  const files = await findInputs(config.inputs, logger);
  // One run per run directory: a second one would redo and overwrite this one's documents.
  const lock = RunLock.acquire(config.outDir, startedAt);
  try {
    const orphans = await removeOrphanTemporaries(config.outDir);
    if (orphans.length > 0) logger.info("orphan-temporaries-removed", { count: orphans.length, files: orphans.map((file) => path.basename(file)) });
    return await runLocked(files, stage, dependencies, progress, startedAt);
  } finally {
    lock.release();
  }
}

/** The run itself, with the run directory's lock held. */
async function runLocked(files: readonly InputDocument[], stage: StageContext, dependencies: RunDependencies, progress: ProgressReporter, startedAt: Date): Promise<RunOutcome> {
  const { config, logger, signal } = stage;
  const setup = await createExtractorContext(stage, {
    ...(dependencies.fetch ? { fetch: dependencies.fetch } : {}),
    ...(dependencies.retryTiming ? { retryTiming: dependencies.retryTiming } : {}),
  });
  const { extractorContext, gateway, modelGateway, ceiling } = setup;

  logger.info("run-start", { documents: files.length, extractor: config.extractor, reason: config.extractorReason });
  if (gateway) {
    // One cheap request before the batch: a dead endpoint or a wrong key is said once, up front, and the
    // circuit breaker pauses the model path instead of every document spending its retries on it.
    const failure = await gateway.checkEndpoint(signal);
    if (failure) logger.warn("llm-endpoint-unreachable", { code: failure.code, message: failure.message });
  }
  const store = RunStateStore.open(config.outDir);
  const reader = createDocumentReaderPool(config);
  // Created on the first page that needs it: a run of text-layer PDFs loads no OCR model.
  let ocrPool: OcrPool | null = null;
  const injectedOcr = dependencies.ocr;
  const ocr = () =>
    countOcrPages(injectedOcr ?? (ocrPool ??= new OcrPool({ engine: config.ocr.engine, workers: config.ocr.workers, dpi: config.ocr.dpi })), progress);
  progress.start(files.length);
  // Two bounded stages: CPU work (read → segment) in `documentConcurrency` worker threads, and documents
  // waiting on the model, so a document waiting for replies holds no thread. This queue bounds how many
  // documents are in memory at all: that is the backpressure.
  // A batch answers in minutes to hours: every document with units out must be able to wait for it.
  const waitingOnModel = !config.llm ? 0 : config.llmMode.mode === "batch" ? config.llmMode.documentsInFlight : Math.max(2, config.llm.concurrency * 2);
  const documents = new PQueue({ concurrency: config.documentConcurrency + waitingOnModel });
  signal.addEventListener("abort", () => documents.clear(), { once: true });
  const resultFiles = new Map<string, string>();
  let tokens = 0;
  let reused = 0;
  try {
    await Promise.all(
      files.map((input) =>
        documents.add(async () => {
          if (signal.aborted) return;
          const outcome = await ingestDocument(input, store, stage, extractorContext, reader, ocr);
          if (!outcome) return;
          resultFiles.set(input.path, outcome.file);
          if (outcome.skipped) reused++;
          tokens += outcome.result.usage.promptTokens + outcome.result.usage.completionTokens;
          progress.documentEnd(outcome.result, tokens);
          const { status, pageCount, ocrPages: ocrPageNumbers, records, durationMs } = outcome.result;
          logger.info("document-end", { path: input.path, status, skipped: outcome.skipped, pages: pageCount, ocrPages: ocrPageNumbers.length, projects: records.length, durationMs: Math.round(durationMs) });
        }),
      ),
    );
  } finally {
    progress.stop();
    store.close();
    await reader.close();
    await (ocrPool as OcrPool | null)?.close();
  }

  // The combined outputs are rebuilt from the per-document files, so a resumed run's outputs hold the
  // documents done before the crash exactly once. Each output reads those files again, one at a time,
  // so memory does not grow with the run, neither while it works nor while it writes.
  const documentResults = resultFileSource(resultFiles, files.map((input) => input.metadata));
  const model = { stats: gateway?.stats ?? null, ceiling: ceiling?.report() ?? null, batches: modelGateway?.batches() ?? null };
  const summary = await summarizeRun(documentResults, config, model, setup.promptVersion, startedAt, reused);
  modelGateway?.close();
  const outputFiles = await writeRunFiles(config, documentResults, summary);
  const results: DocumentResult[] = [];
  if (dependencies.keepResults) for await (const result of documentResults.each()) results.push(result);
  return { summary, files: outputFiles, results, exitCode: summary.totals.failed > 0 ? 1 : 0, interrupted: signal.aborted };
}

/**
 * One document through the state store: skipped when an earlier run finished it (or failed it, unless
 * --retry-failed), otherwise marked in progress, processed, written, and marked finished — in that order,
 * so a crash at any point leaves either a finished row with its file or a row the next run redoes.
 * Returns null when the run was interrupted mid-document (the row stays in progress).
 */
async function ingestDocument(
  input: InputDocument,
  store: RunStateStore,
  stage: StageContext,
  extractorContext: ExtractorContext,
  reader: DocumentReaderPool,
  ocr: () => OcrPagesContext["ocr"],
): Promise<{ result: DocumentResult; file: string; skipped: boolean } | null> {
  const loaded = await loadDocument(input.path, stage);
  const key = loaded.sha256 ?? pathKey(input.path);
  const fingerprint = runFingerprint(stage.config, extractorContext);
  const reusable = await findReusableResult(store, key, fingerprint, stage.config.retryFailed);
  if (reusable) return { ...reusable, skipped: true };
  store.markStarted(key, input.path);
  let result: DocumentResult;
  try {
    result = await processDocument(input, loaded, stage.config.extractor, stage, extractorContext, reader, ocr);
  } catch (error) {
    if (stage.signal.aborted) return null;
    throw error;
  }
  const file = await writeDocumentResult(stage.config.outDir, result);
  recordFinished(store, key, result, file, fingerprint);
  return { result, file, skipped: false };
}
