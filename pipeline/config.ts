import os from "node:os";
import path from "node:path";
import { EXTRACTION_SUSPECT_CODES, FlagCodeSchema } from "../schemas/flag-codes.js";
import { ExtractorNameSchema, type ExtractorName } from "../schemas/project-record.js";
import { ConfigError } from "./errors.js";
import { packageRoot } from "./io/package-root.js";
import { findModelPrice, type PriceTable } from "./llm/price-table.js";
import { readPriceTable } from "./llm/read-price-table.js";
import { formatAmount, parseAmount, type PicoAmount } from "./llm/token-cost.js";
import { OcrEngineNameSchema, type OcrEngineName } from "./ocr/ocr-engine.js";
import { OutputFormatSchema, type TabularFormat } from "./writers/output-format.js";
import type { HeaderLanguage } from "./writers/output-table.js";

/** Everything the pipeline needs to know, resolved once at start-up and passed down read-only. */
export interface PipelineConfig {
  /** Files, folders or globs to ingest. */
  readonly inputs: readonly string[];
  /** Run directory for records.jsonl, run.json and friends. @default "runs/latest" */
  readonly outDir: string;
  /** Which extractor reads project units. @default "auto" with an endpoint, "rules" without */
  readonly extractor: Exclude<ExtractorName, "auto"> | "auto";
  /** Why `extractor` has its value, said to the user at start. */
  readonly extractorReason: string;
  /** The OpenAI-compatible endpoint, or null when none is configured. */
  readonly llm: LlmConfig | null;
  readonly cache: { readonly enabled: boolean; readonly dir: string };
  /** Documents processed at once (CPU-bound stages). @default number of cores */
  readonly documentConcurrency: number;
  /** Files above this size fail with `pdf_too_large` instead of exhausting memory. @default 200 MiB */
  readonly maxFileBytes: number;
  /** Documents with more pages fail with `pdf_too_large`. @default 500 */
  readonly maxPages: number;
  /** What reading one document may cost; over any bound it fails with `pdf_too_costly` naming the bound. */
  readonly limits: DocumentLimits;
  /**
   * A rules reading whose confidence (checks independent of the reading: column roles known, values shaped like
   * targets, weights summing, taxonomy, header fields, money) is below this is unsure. @default 0.8
   */
  readonly minConfidence: number;
  /** In `auto`, flag codes of severity error that send a rules result to the LLM. @default EXTRACTION_SUSPECT_CODES */
  readonly routeOnFlagCodes: readonly string[] | "all-errors";
  readonly progress: "bar" | "lines" | "none";
  /** Documents that failed in an earlier run of this run directory are tried again. @default false */
  readonly retryFailed: boolean;
  /** Tabular outputs written besides records.jsonl. @default csv, xlsx, sqlite */
  readonly formats: readonly TabularFormat[];
  /** Header row of the CSV files and sheets: `en` (snake_case, the SQLite names) or `zh` (项目名称, 一级指标 …). @default "en" */
  readonly headers: HeaderLanguage;
  /** Log lines on stderr: `lines` (`level event key=value`) or `json` (one JSON object a line, for log shippers). @default "lines" */
  readonly logFormat: "lines" | "json";
  /**
   * The price table (`--prices`, default eval/prices.json) the run's cost is reported from; `table` is null when
   * it could not be read (`problem` says why) and no `--max-cost` needs it.
   */
  readonly prices: { readonly file: string; readonly table: PriceTable | null; readonly problem: string | null };
  /**
   * `--max-cost`: the most the run may spend on the model, in the price table's currency, exact. When the next
   * request would cross it, no more are sent and the units left keep the rules' reading (flagged). @default null (no ceiling)
   */
  readonly maxCost: PicoAmount | null;
  /**
   * How requests reach the model. `sync`: one chat completion each. `batch`: as OpenAI Batch API jobs (half
   * price, answered within 24 h), polled every `pollMs`. @default { mode: "sync", pollMs: 30000 }
   */
  readonly llmMode: {
    readonly mode: "sync" | "batch";
    readonly pollMs: number;
    /** Batch: requests are collected until none has come for this long, then submitted as one batch. @default 30000 */
    readonly collectMs: number;
    /**
     * Batch: documents that may wait on a batch at once (each holds its segmented units in memory). The
     * synchronous path keeps only twice the request concurrency waiting; a batch wants them all. @default 2000
     */
    readonly documentsInFlight: number;
  };
  /**
   * `--vision-model NAME`: units on scanned pages the OCR read poorly (or that `auto` routes) go to this model as
   * page images with the OCR text as a hint. Null without the flag.
   */
  readonly vision: {
    readonly model: string;
    /** A scanned page whose mean OCR confidence is below this is read from its image. @default 0.9 */
    readonly minOcrConfidence: number;
    /** Image tokens one unit may send; a unit over it goes the text path. @default 6000 */
    readonly maxImageTokensPerUnit: number;
    /** Image tokens the whole run may send. @default 2000000 */
    readonly maxImageTokens: number;
    /** Resolution the page images are rendered at. @default 150 */
    readonly dpi: number;
  } | null;
  /**
   * Run the documents on a BullMQ queue in Redis (`--queue redis://HOST:PORT[/DB]`) for `npm run worker`
   * processes to work, instead of in this process; null (the default) runs everything here, no server needed.
   */
  readonly queue: QueueConfig | null;
  /** OCR of pages without a usable text layer. */
  readonly ocr: {
    /** @default "paddle" (PP-OCRv4 through onnxruntime: int8 models from models/ppocr-v4-int8, unsure crops re-read by the float recognizer from npm; "paddle-float" runs the float models alone) */
    readonly engine: OcrEngineName;
    /** Worker threads; each loads its own models. @default number of cores */
    readonly workers: number;
    /** Render resolution. @default 200 */
    readonly dpi: number;
    /**
     * A target value, amount or indicator name whose OCR'd characters have a confidence below this is in doubt:
     * the rules' confidence drops (so `auto` hands the unit to the model) and the field is flagged
     * `ocr_low_confidence`. @default 0.9
     */
    readonly minConfidence: number;
  };
}

/** Bounds on one document's reading, so a hostile or broken PDF cannot take the machine down. */
export interface DocumentLimits {
  /** Bytes the FlateDecode streams other than images (page contents, fonts, object streams) inflate to, checked before parsing. @default 256 MiB */
  readonly maxInflatedBytes: number;
  /** Drawing operators over all pages. @default 20,000,000 */
  readonly maxOperators: number;
  /** Time one document's read → segment may take in its worker thread (the worker is then stopped and replaced). @default 600 s */
  readonly readTimeoutMs: number;
  /** V8 heap of a document reader thread; a worker that runs out is replaced. @default 4096 MiB */
  readonly workerMemoryMb: number;
}

export interface LlmConfig {
  readonly baseUrl: string | undefined;
  /** Never logged or written. */
  readonly apiKey: string;
  readonly model: string;
  /** Per-request timeout. @default 120000 */
  readonly timeoutMs: number;
  /** Retries of one request on 408/409/429/5xx/timeouts. @default 4 */
  readonly maxRetries: number;
  /** Requests in flight at once. @default 4 */
  readonly concurrency: number;
  /** Requests started per minute, 0 for no cap. @default 0 */
  readonly requestsPerMinute: number;
  /** Tokens a unit may spend on re-asks after its first attempt. @default 16000 */
  readonly reaskTokenBudget: number;
  /**
   * Document text one whole-document request may carry, in characters (about as many tokens for Chinese): a
   * document the table reader could not segment goes to the model in chunks of pages this size. @default 6000
   */
  readonly chunkCharacters: number;
  /** Upper bound on a server's Retry-After we are willing to wait. @default 60000 */
  readonly maxRetryAfterMs: number;
  /** Consecutive provider failures (no connection, timeout, 5xx, 401/403) that open the circuit breaker; 0 = off. @default 10 */
  readonly breakerFailures: number;
  /** How long an open circuit pauses every request before it probes the endpoint. @default 30000 */
  readonly breakerPauseMs: number;
}

/** See `PipelineConfig.ocr.minConfidence`: where the scanned seeds' misread characters sit (calibration in the README). */
export const DEFAULT_OCR_MIN_CONFIDENCE = 0.9;

export interface QueueConfig {
  /** `redis://[USER:PASSWORD@]HOST:PORT[/DB]` (or `rediss://` for TLS). */
  readonly url: string;
  /** Tries of a document's job before it ends as the document's `queue_job_failed` failure. @default 3 */
  readonly attempts: number;
  /** How often the collector asks the queue about the documents it waits for, in ms. @default 500 */
  readonly pollMs: number;
}

/** Raw option values as they come from the command line (undefined when not given). */
export interface CliOptions {
  readonly inputs?: readonly string[];
  readonly out?: string;
  readonly extractor?: string;
  readonly model?: string;
  readonly baseUrl?: string;
  readonly apiKey?: string;
  readonly cache?: boolean;
  readonly cacheDir?: string;
  readonly concurrency?: string | number;
  readonly llmConcurrency?: string | number;
  readonly requestsPerMinute?: string | number;
  readonly timeoutMs?: string | number;
  readonly maxRetries?: string | number;
  readonly breakerFailures?: string | number;
  readonly breakerPauseMs?: string | number;
  readonly reaskTokenBudget?: string | number;
  readonly chunkChars?: string | number;
  readonly minConfidence?: string | number;
  readonly maxPages?: string | number;
  readonly maxFileMb?: string | number;
  readonly maxInflatedMb?: string | number;
  readonly maxOperators?: string | number;
  readonly maxReadSeconds?: string | number;
  readonly maxWorkerMemoryMb?: string | number;
  readonly routeOn?: string;
  readonly progress?: string;
  readonly retryFailed?: boolean;
  readonly formats?: string;
  readonly headers?: string;
  readonly logFormat?: string;
  readonly ocrEngine?: string;
  readonly ocrWorkers?: string | number;
  readonly ocrDpi?: string | number;
  readonly prices?: string;
  readonly maxCost?: string;
  readonly llmMode?: string;
  readonly batchPollMs?: string | number;
  readonly batchCollectMs?: string | number;
  readonly batchDocuments?: string | number;
  readonly visionModel?: string;
  readonly visionMinOcrConfidence?: string | number;
  readonly visionMaxUnitImageTokens?: string | number;
  readonly visionMaxImageTokens?: string | number;
  readonly visionDpi?: string | number;
  readonly ocrMinConfidence?: string | number;
  readonly queue?: string;
  readonly queueAttempts?: string | number;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Flags, then environment, then defaults; every value checked here, so later code can trust it. */
export function resolveConfig(options: CliOptions, env: Env = process.env, isTty = Boolean(process.stderr.isTTY)): PipelineConfig {
  const baseUrl = nonEmpty(options.baseUrl) ?? nonEmpty(env.OPENAI_BASE_URL);
  const apiKeyGiven = nonEmpty(options.apiKey) ?? nonEmpty(env.OPENAI_API_KEY);
  const endpointConfigured = baseUrl !== undefined || apiKeyGiven !== undefined;
  const model = nonEmpty(options.model) ?? nonEmpty(env.OPENAI_MODEL);

  const requested = options.extractor ?? nonEmpty(env.INGEST_EXTRACTOR);
  let extractor: PipelineConfig["extractor"];
  let extractorReason: string;
  if (requested !== undefined) {
    const parsed = ExtractorNameSchema.safeParse(requested);
    if (!parsed.success) throw new ConfigError(`Expected \`--extractor\` to be one of rules, llm, auto, got \`${requested}\``);
    extractor = parsed.data;
    extractorReason = "chosen with --extractor";
  } else if (endpointConfigured) {
    extractor = "auto";
    extractorReason = "an endpoint is configured: rules first, the LLM only where rules are unsure";
  } else {
    extractor = "rules";
    extractorReason =
      "no LLM endpoint is configured (set OPENAI_BASE_URL and/or OPENAI_API_KEY and OPENAI_MODEL to use one): using the offline rules extractor";
  }

  let llm: LlmConfig | null = null;
  if (extractor !== "rules") {
    if (!endpointConfigured) {
      throw new ConfigError(
        `--extractor ${extractor} needs an endpoint: OPENAI_BASE_URL is not set: pass --base-url or set the variable (and OPENAI_API_KEY if the server needs one), or use --extractor rules`,
      );
    }
    if (model === undefined) {
      throw new ConfigError("No model name: pass --model or set OPENAI_MODEL (for example gpt-4o-mini, or the name your vLLM/Ollama server serves)");
    }
    llm = {
      baseUrl,
      // Local servers (vLLM, llama.cpp, Ollama) accept any key; the SDK insists on a non-empty one.
      apiKey: apiKeyGiven ?? "not-needed",
      model,
      timeoutMs: positiveInteger("--timeout-ms", options.timeoutMs ?? env.INGEST_TIMEOUT_MS, 120_000),
      maxRetries: nonNegativeInteger("--max-retries", options.maxRetries ?? env.INGEST_MAX_RETRIES, 4),
      concurrency: positiveInteger("--llm-concurrency", options.llmConcurrency ?? env.INGEST_LLM_CONCURRENCY, 4),
      requestsPerMinute: nonNegativeInteger("--rpm", options.requestsPerMinute ?? env.INGEST_RPM, 0),
      reaskTokenBudget: nonNegativeInteger("--reask-token-budget", options.reaskTokenBudget, 16_000),
      chunkCharacters: positiveInteger("--llm-chunk-chars", options.chunkChars ?? env.INGEST_LLM_CHUNK_CHARS, 6_000),
      maxRetryAfterMs: 60_000,
      breakerFailures: nonNegativeInteger("--breaker-failures", options.breakerFailures ?? env.INGEST_BREAKER_FAILURES, 10),
      breakerPauseMs: nonNegativeInteger("--breaker-pause-ms", options.breakerPauseMs ?? env.INGEST_BREAKER_PAUSE_MS, 30_000),
    };
  }

  const inputs = options.inputs ?? [];
  const logFormat = oneOf("--log-format", options.logFormat ?? nonEmpty(env.INGEST_LOG_FORMAT), ["lines", "json"] as const, "lines");
  // Progress lines between JSON log lines would break a log shipper's parser: with JSON logs, progress is asked for.
  const progress = options.progress ?? (logFormat === "json" ? "none" : isTty ? "bar" : "lines");
  if (progress !== "bar" && progress !== "lines" && progress !== "none") {
    throw new ConfigError(`Expected \`--progress\` to be one of bar, lines, none, got \`${progress}\``);
  }
  const routeOn = nonEmpty(options.routeOn);
  const pricesFile = path.resolve(options.prices ?? env.INGEST_PRICES ?? path.join(packageRoot(import.meta.url), "eval/prices.json"));
  const prices = { file: pricesFile, ...readPriceTable(pricesFile) };
  const maxCost = costCeiling(options.maxCost, llm, prices);
  const llmMode = oneOf("--llm-mode", options.llmMode ?? nonEmpty(env.INGEST_LLM_MODE), ["sync", "batch"] as const, "sync");
  const queue = queueConfig(options, env);
  // Both are held in one process's memory (the ceiling's spend, the batch jobs' state database): on the queue,
  // each worker would hold its own, and N workers would spend N ceilings or submit N sets of batches.
  if (queue && maxCost !== null) throw new ConfigError("--max-cost is not available with --queue: each worker would keep its own ceiling; run on one machine, or cap the spend at the provider");
  if (queue && llmMode === "batch") throw new ConfigError("--llm-mode batch is not available with --queue: run batch jobs on one machine (a batch already takes the load off the workers)");

  return {
    inputs,
    outDir: path.resolve(options.out ?? "runs/latest"),
    extractor,
    extractorReason,
    llm,
    cache: {
      enabled: options.cache ?? env.INGEST_NO_CACHE !== "1",
      dir: path.resolve(options.cacheDir ?? env.INGEST_CACHE_DIR ?? ".cache/llm"),
    },
    documentConcurrency: positiveInteger("--concurrency", options.concurrency, Math.max(1, os.availableParallelism())),
    maxFileBytes: positiveInteger("--max-file-mb", options.maxFileMb, 200) * 1024 * 1024,
    maxPages: positiveInteger("--max-pages", options.maxPages, 500),
    limits: {
      maxInflatedBytes: positiveInteger("--max-inflated-mb", options.maxInflatedMb ?? env.INGEST_MAX_INFLATED_MB, 256) * 1024 * 1024,
      maxOperators: positiveInteger("--max-operators", options.maxOperators ?? env.INGEST_MAX_OPERATORS, 20_000_000),
      readTimeoutMs: positiveInteger("--max-read-seconds", options.maxReadSeconds ?? env.INGEST_MAX_READ_SECONDS, 600) * 1000,
      workerMemoryMb: positiveInteger("--max-worker-memory-mb", options.maxWorkerMemoryMb ?? env.INGEST_MAX_WORKER_MEMORY_MB, 4096),
    },
    minConfidence: fraction("--min-confidence", options.minConfidence ?? env.INGEST_MIN_CONFIDENCE, 0.8),
    routeOnFlagCodes: routeOnCodes(routeOn),
    progress,
    retryFailed: options.retryFailed ?? false,
    formats: tabularFormats(options.formats),
    headers: oneOf("--headers", options.headers ?? nonEmpty(env.INGEST_HEADERS), ["en", "zh"] as const, "en"),
    logFormat,
    prices,
    maxCost,
    vision: visionSettings(options, env, llm),
    llmMode: {
      mode: llmMode,
      pollMs: positiveInteger("--batch-poll-ms", options.batchPollMs, 30_000),
      collectMs: positiveInteger("--batch-collect-ms", options.batchCollectMs, 30_000),
      documentsInFlight: positiveInteger("--batch-documents", options.batchDocuments, 2_000),
    },
    queue,
    ocr: {
      engine: ocrEngine(options.ocrEngine ?? env.INGEST_OCR_ENGINE),
      workers: positiveInteger("--ocr-workers", options.ocrWorkers, Math.max(1, os.availableParallelism())),
      dpi: positiveInteger("--ocr-dpi", options.ocrDpi, 200),
      minConfidence: fraction("--ocr-min-confidence", options.ocrMinConfidence ?? env.INGEST_OCR_MIN_CONFIDENCE, DEFAULT_OCR_MIN_CONFIDENCE),
    },
  };
}

function visionSettings(options: CliOptions, env: Env, llm: LlmConfig | null): PipelineConfig["vision"] {
  const model = nonEmpty(options.visionModel) ?? nonEmpty(env.INGEST_VISION_MODEL);
  if (model === undefined) return null;
  if (llm === null) throw new ConfigError("--vision-model needs an endpoint and --extractor llm or auto: the page images go to the model");
  return {
    model,
    minOcrConfidence: fraction("--vision-min-ocr-confidence", options.visionMinOcrConfidence, 0.9),
    maxImageTokensPerUnit: positiveInteger("--vision-max-unit-image-tokens", options.visionMaxUnitImageTokens, 6_000),
    maxImageTokens: positiveInteger("--vision-max-image-tokens", options.visionMaxImageTokens, 2_000_000),
    dpi: positiveInteger("--vision-dpi", options.visionDpi, 150),
  };
}

function costCeiling(value: string | undefined, llm: LlmConfig | null, prices: PipelineConfig["prices"]): PicoAmount | null {
  if (value === undefined || value.trim() === "") return null;
  const amount = parseAmount(value);
  if (amount === null) throw new ConfigError(`Expected \`--max-cost\` to be an amount such as 5 or 0.50, got \`${value}\``);
  if (llm === null) return amount;
  if (prices.table === null) throw new ConfigError(`--max-cost needs the price table: ${prices.problem}; pass --prices FILE`);
  if (findModelPrice(prices.table, llm.model) === null) {
    throw new ConfigError(`--max-cost ${formatAmount(amount)} needs a price for model "${llm.model}": add it to ${prices.file} or pass --prices FILE`);
  }
  return amount;
}

function queueConfig(options: CliOptions, env: Env): QueueConfig | null {
  const url = nonEmpty(options.queue) ?? nonEmpty(env.INGEST_QUEUE);
  if (url === undefined) return null;
  if (!/^rediss?:\/\/[^/]+(\/\d+)?\/?$/.test(url)) throw new ConfigError(`Expected \`--queue\` to be redis://HOST:PORT[/DB], got \`${redactUrl(url)}\``);
  return {
    url,
    attempts: positiveInteger("--queue-attempts", options.queueAttempts ?? env.INGEST_QUEUE_ATTEMPTS, 3),
    pollMs: positiveInteger("INGEST_QUEUE_POLL_MS", env.INGEST_QUEUE_POLL_MS, 500),
  };
}

/** A Redis URL without its password, for messages and status lines. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

function ocrEngine(value: string | undefined): OcrEngineName {
  const parsed = OcrEngineNameSchema.safeParse(value ?? "paddle");
  if (!parsed.success) throw new ConfigError(`Expected \`--ocr-engine\` to be one of ${OcrEngineNameSchema.options.join(", ")}, got \`${value}\``);
  return parsed.data;
}

function tabularFormats(value: string | undefined): TabularFormat[] {
  if (value === undefined) return ["csv", "xlsx", "sqlite"];
  const formats: TabularFormat[] = [];
  for (const name of value.split(",").map((entry) => entry.trim()).filter(Boolean)) {
    const parsed = OutputFormatSchema.safeParse(name);
    if (!parsed.success) throw new ConfigError(`Expected \`--formats\` to list jsonl, csv, xlsx, sqlite, got \`${name}\``);
    // records.jsonl is always written: it is what the review page and the eval read.
    if (parsed.data !== "jsonl") formats.push(parsed.data);
  }
  return formats;
}

function routeOnCodes(value: string | undefined): PipelineConfig["routeOnFlagCodes"] {
  if (value === undefined) return EXTRACTION_SUSPECT_CODES;
  if (value === "all-errors") return "all-errors";
  const codes = value.split(",").map((code) => code.trim());
  const unknown = codes.filter((code) => !FlagCodeSchema.safeParse(code).success);
  if (unknown.length > 0) {
    throw new ConfigError(`Unknown flag code in --route-on: ${unknown.join(", ")}; known: ${FlagCodeSchema.options.join(", ")}, or all-errors`);
  }
  return codes;
}

function oneOf<const Choice extends string>(name: string, value: string | undefined, choices: readonly Choice[], fallback: Choice): Choice {
  if (value === undefined) return fallback;
  const choice = choices.find((candidate) => candidate === value);
  if (choice === undefined) throw new ConfigError(`Expected \`${name}\` to be one of ${choices.join(", ")}, got \`${value}\``);
  return choice;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function fraction(name: string, value: string | number | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const parsed = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) throw new ConfigError(`Expected \`${name}\` to be a number from 0 to 1, got \`${value}\``);
  return parsed;
}

function positiveInteger(name: string, value: string | number | undefined, fallback: number): number {
  const parsed = integer(name, value, fallback);
  if (parsed < 1) throw new ConfigError(`Expected \`${name}\` to be a number from 1 and up, got \`${value}\``);
  return parsed;
}

function nonNegativeInteger(name: string, value: string | number | undefined, fallback: number): number {
  const parsed = integer(name, value, fallback);
  if (parsed < 0) throw new ConfigError(`Expected \`${name}\` to be a number from 0 and up, got \`${value}\``);
  return parsed;
}

function integer(name: string, value: string | number | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const parsed = typeof value === "number" ? value : Number(value);
  if (!Number.isInteger(parsed)) throw new ConfigError(`Expected \`${name}\` to be a whole number, got \`${value}\``);
  return parsed;
}
