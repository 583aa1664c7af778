import { setMaxListeners } from "node:events";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import PQueue from "p-queue";
import { loadPrompt } from "../prompts/load-prompt.js";
import type { Flag } from "../schemas/flag.js";
import type { PdfInfo } from "../schemas/layout.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import type { DocumentContext, ProjectUnit, SegmentedDocument } from "../schemas/project-unit.js";
import type { CostCeilingSummary, DocumentResult, RunSummary } from "../schemas/run-summary.js";
import type { PipelineConfig } from "./config.js";
import type { StageContext } from "./context.js";
import { buildRecord } from "./domain/build-record.js";
import { PdfReadError, serializeError, UnitsFailedError } from "./errors.js";
import { extractRecords } from "./extract-records.js";
import { addUsage, NO_USAGE, subtractUsage, type ExtractionResult, type ExtractorContext } from "./extractors/extraction-result.js";
import { PROJECT_SCHEMA_HASH } from "./extractors/llm/extract-with-llm.js";
import { codeFingerprint } from "./io/code-fingerprint.js";
import { findInputs, type InputDocument } from "./io/find-inputs.js";
import { removeOrphanTemporaries } from "./io/remove-orphan-temporaries.js";
import { RunLock } from "./io/run-lock.js";
import { RunStateStore } from "./io/run-state-store.js";
import { createModelGateway } from "./llm/create-model-gateway.js";
import { ResponseCache } from "./llm/response-cache.js";
import { createVisionContext, forDocument } from "./extractors/vision/create-vision-context.js";
import type { LlmGateway } from "./llm/llm-gateway.js";
import { summarizeCost } from "./llm/summarize-cost.js";
import { createCostCeiling } from "./llm/create-cost-ceiling.js";
import type { CostCeiling } from "./llm/cost-ceiling.js";
import type { RetryTiming } from "./llm/retry-policy.js";
import { silentLogger, type Logger } from "./logger.js";
import { countOcrPages, createProgressReporter, type ProgressReporter } from "./progress.js";
import { validateRecords } from "./validate-records.js";
import { readDocumentResult, resultFileSource, writeDocumentResult, writeRunOutputs, type RunOutputFiles } from "./write-outputs.js";
import { normalizeDocument } from "./normalize-text.js";
import { ocrPages, type OcrPagesContext } from "./ocr-pages.js";
import { OcrPool } from "./ocr/ocr-pool.js";
import { rebuildLayout } from "./rebuild-layout.js";
import { segmentProjects } from "./segment-projects.js";
import { createDocumentReaderPool, RemoteStageError, type DocumentReaderPool } from "./workers/read-pdf-pool.js";
import type { DocumentSource } from "./writers/document-source.js";
import { OUTPUT_WRITERS } from "./writers/output-writers.js";

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

  const prompt = loadPrompt("extract-project");
  const documentPrompt = loadPrompt("extract-document");
  const ceiling = createCostCeiling(config);
  const modelGateway = createModelGateway(config, {
    logger,
    signal,
    ...(dependencies.fetch ? { fetch: dependencies.fetch } : {}),
    ...(dependencies.retryTiming ? { retryTiming: dependencies.retryTiming } : {}),
    ...(ceiling ? { spendGuard: ceiling } : {}),
  });
  const gateway = modelGateway?.gateway ?? null;
  const vision = createVisionContext(config, {
    cache: config.cache.enabled ? new ResponseCache(config.cache.dir) : null,
    logger,
    ...(dependencies.fetch ? { fetch: dependencies.fetch } : {}),
    ...(dependencies.retryTiming ? { retryTiming: dependencies.retryTiming } : {}),
    ...(ceiling ? { spendGuard: ceiling } : {}),
  });
  const extractorContext: ExtractorContext = {
    signal,
    llm:
      gateway && config.llm
        ? { gateway, prompt, documentPrompt, reaskTokenBudget: config.llm.reaskTokenBudget, chunkCharacters: config.llm.chunkCharacters }
        : null,
    minConfidence: config.minConfidence,
    vision,
    judgeRulesResult: (unit, document, result) => judgeRulesResult(unit, document, result, stage),
  };

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
  const ocr = () => countOcrPages((ocrPool ??= new OcrPool({ engine: config.ocr.engine, workers: config.ocr.workers, dpi: config.ocr.dpi })), progress);
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
  const summary = { ...(await summarize(documentResults, config, gateway, ceiling, prompt.version, startedAt, reused)), batches: modelGateway?.batches() ?? null };
  modelGateway?.close();
  const outputs = await writeRunOutputs(config.outDir, documentResults, summary);
  const tabular: string[] = [];
  for (const format of config.formats) tabular.push(...(await OUTPUT_WRITERS[format](config.outDir, documentResults, { headers: config.headers })));
  const results: DocumentResult[] = [];
  if (dependencies.keepResults) for await (const result of documentResults.each()) results.push(result);
  return { summary, files: { ...outputs, tabular }, results, exitCode: summary.totals.failed > 0 ? 1 : 0, interrupted: signal.aborted };
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
  const previous = store.get(key);
  const fingerprint = runFingerprint(stage.config, extractorContext);
  const finished = previous?.status === "done" || (previous?.status === "failed" && !stage.config.retryFailed);
  if (finished && previous?.fingerprint === fingerprint && previous.resultFile && existsSync(previous.resultFile)) {
    const result = await readDocumentResult(previous.resultFile);
    if (result) return { result, file: previous.resultFile, skipped: true };
  }
  store.markStarted(key, input.path);
  let result: DocumentResult;
  try {
    result = await processDocument(input, loaded, stage.config.extractor, stage, extractorContext, reader, ocr);
  } catch (error) {
    if (stage.signal.aborted) return null;
    throw error;
  }
  const file = await writeDocumentResult(stage.config.outDir, result);
  const error = result.error as { code?: string; message?: string } | null;
  // A document the cost ceiling cut short is written but not taken as finished: a run with a higher ceiling redoes it.
  const cutShort = result.records.some((record) => record.extraction.notSentToModel !== undefined);
  store.markFinished(key, { status: result.status, resultFile: file, fingerprint: cutShort ? `${fingerprint}+cut-by-cost-ceiling` : fingerprint, errorCode: error?.code ?? null, errorMessage: error?.message ?? null });
  return { result, file, skipped: false };
}

type LoadedDocument = { readonly bytes: Uint8Array; readonly sha256: string; readonly error?: undefined } | { readonly error: unknown; readonly sha256: null };

/** The file's bytes and content hash, or why it could not be read (too large, unreadable), as data. */
async function loadDocument(file: string, stage: StageContext): Promise<LoadedDocument> {
  try {
    const size = (await stat(file)).size;
    if (size > stage.config.maxFileBytes) {
      throw new PdfReadError(`${file} is ${(size / 1048576).toFixed(1)} MiB, over --max-file-mb ${stage.config.maxFileBytes / 1048576}`, {
        document: file,
        reason: "too_large",
      });
    }
    const bytes = new Uint8Array(await readFile(file));
    return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
  } catch (error) {
    const failure = error instanceof PdfReadError ? error : new PdfReadError(`Could not read ${file}: ${error instanceof Error ? error.message : String(error)}`, { document: file, reason: "unreadable", cause: error });
    return { error: failure, sha256: null };
  }
}

/**
 * What decides a document's result besides its bytes: the extractor, the model, the prompt, the schema and
 * the code that reads.
 * A run directory re-run with any of them changed redoes its documents instead of serving stale results.
 */
function runFingerprint(config: PipelineConfig, extractorContext: ExtractorContext): string {
  const parts = {
    extractor: config.extractor,
    model: config.llm?.model ?? null,
    vision: config.vision ? `${config.vision.model}@${config.vision.minOcrConfidence}` : null,
    prompt: extractorContext.llm
      ? `${extractorContext.llm.prompt.version}#${extractorContext.llm.prompt.hash}+${extractorContext.llm.documentPrompt.version}#${extractorContext.llm.documentPrompt.hash}`
      : null,
    minConfidence: config.minConfidence,
    schema: PROJECT_SCHEMA_HASH,
    code: codeFingerprint(),
    routeOn: config.extractor === "auto" ? config.routeOnFlagCodes : null,
  };
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}

function pathKey(file: string): string {
  return `path:${createHash("sha256").update(file).digest("hex")}`;
}

async function processDocument(
  input: InputDocument,
  loaded: LoadedDocument,
  extractor: PipelineConfig["extractor"],
  stage: StageContext,
  extractorContext: ExtractorContext,
  reader: DocumentReaderPool,
  ocr: () => OcrPagesContext["ocr"],
): Promise<DocumentResult> {
  const file = input.path;
  const started = performance.now();
  const base = {
    path: file,
    sha256: loaded.sha256,
    family: null,
    pageCount: 0,
    ocrPages: [] as number[],
    pdfInfo: null as PdfInfo | null,
    records: [] as ProjectRecord[],
    documentFlags: [] as Flag[],
    unitErrors: [] as unknown[],
    unitsByExtractor: { rules: 0, llm: 0 },
    routedToLlm: 0,
    usage: NO_USAGE,
    failedAttemptUsage: NO_USAGE,
    // A failed document has no records to carry the manifest row, and its row in `documents` still needs it.
    ...(Object.keys(input.metadata).length > 0 ? { metadata: input.metadata } : {}),
  };
  try {
    if (loaded.sha256 === null) throw loaded.error;
    const bytes = loaded.bytes;
    const ocrConfidence = new Map<number, number>();
    const segmented = await readDocument(file, bytes, base, stage, reader, ocr, ocrConfidence);
    const withPages = forDocument(extractorContext, bytes, ocrConfidence, stage.config.vision?.dpi ?? 150);
    const { extractions, unattributed } = await extractRecords(segmented, extractor, withPages.context).finally(() => withPages.close());

    const results = extractions.flatMap((extraction) => (extraction.result ? [extraction.result] : []));
    const usage = results.reduce((sum, result) => addUsage(sum, result.usage), unattributed.usage);
    const failedAttemptUsage = results.reduce((sum, result) => addUsage(sum, result.failedAttemptUsage), unattributed.failedAttemptUsage);
    const unitErrors = extractions.flatMap((extraction) => (extraction.error ? [serializeError(extraction.error)] : []));
    const accounting = {
      family: segmented.context.family,
      unitsByExtractor: {
        rules: results.filter((result) => result.extractor === "rules").length,
        llm: results.filter((result) => result.extractor === "llm").length,
      },
      routedToLlm: results.filter((result) => result.routedBecause).length,
      usage,
      failedAttemptUsage,
    };
    if (unitErrors.length > 0) {
      // All or nothing per document: a half-extracted document is not written, so a re-run can complete it.
      const error = new UnitsFailedError(unitErrors, extractions.length, file);
      return { ...base, ...accounting, status: "failed", error: serializeError(error), unitErrors, durationMs: performance.now() - started };
    }
    const context = withManifestMetadata(segmented.context, input.metadata);
    const records = extractions.map((extraction) => withMetadata(buildRecord(extraction.unit, context, extraction.result!), input.metadata));
    const validated = await validateRecords({ context, units: extractions.map((extraction) => extraction.unit), records }, stage);
    return {
      ...base,
      ...accounting,
      status: "done",
      records: validated.records,
      documentFlags: validated.documentFlags,
      error: null,
      unitErrors: [],
      durationMs: performance.now() - started,
    };
  } catch (error) {
    if (stage.signal.aborted) throw error;
    stage.logger.warn("document-failed", { path: file, error: serializeError(error).code });
    return { ...base, status: "failed", error: serializeError(error), durationMs: performance.now() - started };
  }
}

/**
 * Read → segment in a worker thread. Pages without a usable text layer go through OCR first (its own
 * worker pool), then the cheap stages run here. `base` learns the page count, the OCR'd pages and the PDF's info.
 */
async function readDocument(
  file: string,
  bytes: Uint8Array,
  base: { pageCount: number; ocrPages: number[]; pdfInfo: PdfInfo | null },
  stage: StageContext,
  reader: DocumentReaderPool,
  ocr: () => OcrPagesContext["ocr"],
  /** Filled with the OCR'd pages' mean confidence, for the vision path. */
  ocrConfidence: Map<number, number>,
): Promise<SegmentedDocument> {
  let reply;
  try {
    reply = await reader.read({ path: file, bytes }, stage.signal);
  } catch (error) {
    if (error instanceof RemoteStageError) base.pageCount = error.pageCount;
    throw error;
  }
  if (reply.kind === "segmented") {
    base.pageCount = reply.pageCount;
    base.pdfInfo = reply.info;
    return reply.segmented;
  }
  base.pageCount = reply.document.pageCount;
  base.pdfInfo = reply.document.info ?? null;
  base.ocrPages = [...reply.pages];
  const document = await ocrPages({ document: reply.document, bytes }, { ...stage, ocr: ocr() });
  for (const page of document.pages) if (page.ocrConfidence !== undefined) ocrConfidence.set(page.number, page.ocrConfidence);
  const layout = await rebuildLayout(await normalizeDocument(document, stage), stage);
  return segmentProjects(layout, stage);
}

/** A manifest's region and year replace what the document says of itself: the manifest is the catalogue. */
function withManifestMetadata(context: DocumentContext, metadata: InputDocument["metadata"]): DocumentContext {
  return {
    ...context,
    region: metadata.region ?? context.region,
    year: metadata.year !== undefined ? Number(metadata.year) : context.year,
  };
}

function withMetadata(record: ProjectRecord, metadata: InputDocument["metadata"]): ProjectRecord {
  return Object.keys(metadata).length === 0 ? record : { ...record, document: { ...record.document, metadata: { ...metadata } } };
}

/** For `auto`: why a rules result should go to the LLM — its own doubts, and validation errors of routed codes. */
async function judgeRulesResult(unit: ProjectUnit, document: DocumentContext, result: ExtractionResult, stage: StageContext): Promise<string[]> {
  const reasons = [...result.uncertainties];
  const record = buildRecord(unit, document, result);
  const { records } = await validateRecords({ context: document, units: [unit], records: [{ ...record, unit: { ...record.unit, index: 0 } }] }, stage);
  const routeOn = stage.config.routeOnFlagCodes;
  for (const flag of records[0]?.flags ?? []) {
    if (flag.severity === "error" && (routeOn === "all-errors" || routeOn.includes(flag.code))) reasons.push(`${flag.code} at ${flag.path}`);
  }
  return reasons;
}

/** The run's totals and one entry per document, from one pass over the documents: records are counted, not kept. */
async function summarize(
  documents: DocumentSource,
  config: PipelineConfig,
  gateway: LlmGateway | null,
  ceiling: CostCeiling | null,
  promptVersion: string,
  startedAt: Date,
  reused: number,
): Promise<Omit<RunSummary, "batches">> {
  const results: RunSummary["documents"] = [];
  const flagsByCode: Record<string, number> = {};
  const flagsBySeverity: Record<string, number> = {};
  let flaggedRecords = 0;
  // Answers from the local response cache were paid for by an earlier run.
  let replayedUsage = NO_USAGE;
  const unitsLeftForRules: CostCeilingSummary["unitsLeftForRules"] = [];
  for await (const { records: documentRecords, ...rest } of documents.each()) {
    results.push({ ...rest, projects: documentRecords.length, indicators: documentRecords.reduce((total, record) => total + record.indicators.length, 0) });
    if (rest.status !== "done") continue;
    for (const record of documentRecords) {
      if (record.flags.some((flag) => flag.severity !== "info")) flaggedRecords++;
      if (record.extraction.cached) replayedUsage = addUsage(replayedUsage, record.extraction.usage);
      if (record.extraction.notSentToModel === "cost_ceiling") {
        unitsLeftForRules.push({ document: record.document.path, unit: record.unit.index, recordId: record.id, project: record.project.name });
      }
    }
    // Every row of the flags table once: each record's flags, and each document-level flag once for its document.
    for (const flag of [...documentRecords.flatMap((record) => record.flags), ...rest.documentFlags]) {
      flagsByCode[flag.code] = (flagsByCode[flag.code] ?? 0) + 1;
      flagsBySeverity[flag.severity] = (flagsBySeverity[flag.severity] ?? 0) + 1;
    }
  }
  const done = results.filter((result) => result.status === "done");
  const sum = (pick: (result: RunSummary["documents"][number]) => number) => results.reduce((total, result) => total + pick(result), 0);
  const finishedAt = new Date();
  const usage = results.reduce((total, result) => addUsage(total, result.usage), NO_USAGE);
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    config: {
      extractor: config.extractor,
      extractorReason: config.extractorReason,
      model: config.llm?.model ?? null,
      // The host only: a URL may carry credentials in its user-info or query.
      endpoint: config.llm ? endpointHost(config.llm.baseUrl) : null,
      promptVersion: config.llm ? promptVersion : null,
      cache: config.cache.enabled,
    },
    totals: {
      documents: results.length,
      done: done.length,
      failed: results.filter((result) => result.status === "failed").length,
      reused,
      projects: done.reduce((total, result) => total + result.projects, 0),
      indicators: done.reduce((total, result) => total + result.indicators, 0),
      flaggedRecords,
      flagsByCode,
      flagsBySeverity,
      unitsByExtractor: { rules: sum((result) => result.unitsByExtractor.rules), llm: sum((result) => result.unitsByExtractor.llm) },
      routedToLlm: sum((result) => result.routedToLlm),
      llmCallsSaved: config.extractor === "auto" ? sum((result) => result.unitsByExtractor.rules) : 0,
      llmRequests: gateway?.stats.requests ?? 0,
      llmCacheHits: gateway?.stats.cacheHits ?? 0,
      llmRetries: gateway?.stats.retries ?? 0,
      llmPeakInFlight: gateway?.stats.peakInFlight ?? 0,
      llmNotSent: gateway?.stats.refusedByBreaker ?? 0,
      usage,
      failedAttemptUsage: results.reduce((total, result) => addUsage(total, result.failedAttemptUsage), NO_USAGE),
      cost: summarizeCost(config.prices.table, config.llm?.model ?? null, subtractUsage(usage, replayedUsage), config.llmMode.mode),
      costCeiling: ceiling ? { ...ceiling.report(), unitsLeftForRules } : null,
    },
    documents: results,
  };
}

function endpointHost(baseUrl: string | undefined): string {
  if (!baseUrl) return "api.openai.com";
  try {
    return new URL(baseUrl).host;
  } catch {
    return "(invalid URL)";
  }
}
