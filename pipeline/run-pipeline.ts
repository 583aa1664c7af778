import { setMaxListeners } from "node:events";
import { readFile, stat } from "node:fs/promises";
import PQueue from "p-queue";
import { loadPrompt } from "../prompts/load-prompt.js";
import type { Flag } from "../schemas/flag.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import type { DocumentContext, ProjectUnit } from "../schemas/project-unit.js";
import type { DocumentResult, RunSummary } from "../schemas/run-summary.js";
import type { PipelineConfig } from "./config.js";
import type { StageContext } from "./context.js";
import { buildRecord } from "./domain/build-record.js";
import { PdfReadError, PipelineError, serializeError } from "./errors.js";
import { extractRecords } from "./extract-records.js";
import { addUsage, NO_USAGE, type ExtractionResult, type ExtractorContext } from "./extractors/extraction-result.js";
import { findInputs } from "./io/find-inputs.js";
import { createLlmGateway, type LlmGateway } from "./llm/llm-gateway.js";
import { ResponseCache } from "./llm/response-cache.js";
import type { RetryTiming } from "./llm/retry-policy.js";
import { silentLogger, type Logger } from "./logger.js";
import { normalizeDocument } from "./normalize-text.js";
import { createProgressReporter, type ProgressReporter } from "./progress.js";
import { readPdf } from "./read-pdf.js";
import { rebuildLayout } from "./rebuild-layout.js";
import { segmentProjects } from "./segment-projects.js";
import { validateRecords } from "./validate-records.js";
import { writeDocumentResult, writeRunOutputs, type RunOutputFiles } from "./write-outputs.js";

export interface RunDependencies {
  readonly logger?: Logger;
  readonly progress?: ProgressReporter;
  readonly signal?: AbortSignal;
  /** Injected by tests; production uses the global fetch. */
  readonly fetch?: typeof fetch;
  readonly retryTiming?: Partial<RetryTiming>;
}

export interface RunOutcome {
  readonly summary: RunSummary;
  readonly files: RunOutputFiles;
  readonly results: readonly DocumentResult[];
  /** 0 when every document went through, 1 when some failed (the others are written). */
  readonly exitCode: 0 | 1;
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
  const files = await findInputs(config.inputs);

  const prompt = loadPrompt("extract-project");
  const gateway: LlmGateway | null = config.llm
    ? createLlmGateway(config.llm, {
        cache: config.cache.enabled ? new ResponseCache(config.cache.dir) : null,
        logger,
        ...(dependencies.fetch ? { fetch: dependencies.fetch } : {}),
        ...(dependencies.retryTiming ? { retryTiming: dependencies.retryTiming } : {}),
      })
    : null;
  const extractorContext: ExtractorContext = {
    signal,
    llm: gateway && config.llm ? { gateway, prompt, reaskTokenBudget: config.llm.reaskTokenBudget } : null,
    judgeRulesResult: (unit, document, result) => judgeRulesResult(unit, document, result, stage),
  };

  logger.info("run-start", { documents: files.length, extractor: config.extractor, reason: config.extractorReason });
  progress.start(files.length);
  const documents = new PQueue({ concurrency: config.documentConcurrency });
  const results: DocumentResult[] = [];
  let tokens = 0;
  await Promise.all(
    files.map((file) =>
      documents.add(async () => {
        const result = await processDocument(file, config.extractor, stage, extractorContext);
        await writeDocumentResult(config.outDir, result);
        results.push(result);
        tokens += result.usage.promptTokens + result.usage.completionTokens;
        progress.documentEnd(result, tokens);
        logger.debug("document-end", { path: file, status: result.status, projects: result.records.length });
      }),
    ),
  );
  progress.stop();

  results.sort((a, b) => a.path.localeCompare(b.path));
  const summary = summarize(results, config, gateway, prompt.version, startedAt);
  const outputs = await writeRunOutputs(config.outDir, results, summary);
  return { summary, files: outputs, results, exitCode: summary.totals.failed > 0 ? 1 : 0 };
}

async function processDocument(file: string, extractor: PipelineConfig["extractor"], stage: StageContext, extractorContext: ExtractorContext): Promise<DocumentResult> {
  const started = performance.now();
  const base = {
    path: file,
    sha256: null as string | null,
    family: null,
    pageCount: 0,
    ocrPages: [] as number[],
    records: [] as ProjectRecord[],
    documentFlags: [] as Flag[],
    unitErrors: [] as unknown[],
    unitsByExtractor: { rules: 0, llm: 0 },
    routedToLlm: 0,
    usage: NO_USAGE,
    failedAttemptUsage: NO_USAGE,
  };
  try {
    const size = (await stat(file)).size;
    if (size > stage.config.maxFileBytes) {
      throw new PdfReadError(`${file} is ${(size / 1048576).toFixed(1)} MiB, over --max-file-mb ${stage.config.maxFileBytes / 1048576}`, {
        document: file,
        reason: "too_large",
      });
    }
    const bytes = new Uint8Array(await readFile(file));
    const pdf = await readPdf({ path: file, bytes }, stage);
    base.sha256 = pdf.sha256;
    base.pageCount = pdf.pageCount;
    const normalized = await normalizeDocument(pdf, stage);
    const layout = await rebuildLayout(normalized, stage);
    const segmented = await segmentProjects(layout, stage);
    const extractions = await extractRecords(segmented, extractor, extractorContext);

    const results = extractions.flatMap((extraction) => (extraction.result ? [extraction.result] : []));
    const usage = results.reduce((sum, result) => addUsage(sum, result.usage), NO_USAGE);
    const failedAttemptUsage = results.reduce((sum, result) => addUsage(sum, result.failedAttemptUsage), NO_USAGE);
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
      const error = new PipelineError(`${unitErrors.length} of ${extractions.length} project units could not be extracted`, {
        stage: "extract",
        document: file,
      });
      return { ...base, ...accounting, status: "failed", error: serializeError(error), unitErrors, durationMs: performance.now() - started };
    }
    const records = extractions.map((extraction) => buildRecord(extraction.unit, segmented.context, extraction.result!));
    const validated = await validateRecords({ context: segmented.context, units: segmented.units, records }, stage);
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

function summarize(results: DocumentResult[], config: PipelineConfig, gateway: LlmGateway | null, promptVersion: string, startedAt: Date): RunSummary {
  const records = results.flatMap((result) => (result.status === "done" ? result.records : []));
  const flagsByCode: Record<string, number> = {};
  const flagsBySeverity: Record<string, number> = {};
  for (const flag of records.flatMap((record) => record.flags)) {
    flagsByCode[flag.code] = (flagsByCode[flag.code] ?? 0) + 1;
    flagsBySeverity[flag.severity] = (flagsBySeverity[flag.severity] ?? 0) + 1;
  }
  const sum = (pick: (result: DocumentResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  const finishedAt = new Date();
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
      done: results.filter((result) => result.status === "done").length,
      failed: results.filter((result) => result.status === "failed").length,
      projects: records.length,
      indicators: records.reduce((total, record) => total + record.indicators.length, 0),
      flaggedRecords: records.filter((record) => record.flags.some((flag) => flag.severity !== "info")).length,
      flagsByCode,
      flagsBySeverity,
      unitsByExtractor: { rules: sum((result) => result.unitsByExtractor.rules), llm: sum((result) => result.unitsByExtractor.llm) },
      routedToLlm: sum((result) => result.routedToLlm),
      llmCallsSaved: config.extractor === "auto" ? sum((result) => result.unitsByExtractor.rules) : 0,
      llmRequests: gateway?.stats.requests ?? 0,
      llmCacheHits: gateway?.stats.cacheHits ?? 0,
      llmRetries: gateway?.stats.retries ?? 0,
      llmPeakInFlight: gateway?.stats.peakInFlight ?? 0,
      usage: results.reduce((total, result) => addUsage(total, result.usage), NO_USAGE),
      failedAttemptUsage: results.reduce((total, result) => addUsage(total, result.failedAttemptUsage), NO_USAGE),
    },
    documents: results.map(({ records: documentRecords, ...rest }) => ({
      ...rest,
      projects: documentRecords.length,
      indicators: documentRecords.reduce((total, record) => total + record.indicators.length, 0),
    })),
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
