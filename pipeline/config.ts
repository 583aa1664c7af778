import os from "node:os";
import path from "node:path";
import { EXTRACTION_SUSPECT_CODES, FlagCodeSchema } from "../schemas/flag-codes.js";
import { ExtractorNameSchema, type ExtractorName } from "../schemas/project-record.js";
import { ConfigError } from "./errors.js";
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
   * Run the documents on a BullMQ queue in Redis (`--queue redis://HOST:PORT[/DB]`) for `npm run worker`
   * processes to work, instead of in this process; null (the default) runs everything here, no server needed.
   */
  readonly queue: QueueConfig | null;
  /** OCR of pages without a usable text layer. */
  readonly ocr: {
    /** @default "paddle" (PP-OCRv4 through onnxruntime, shipped in npm packages) */
    readonly engine: OcrEngineName;
    /** Worker threads; each loads its own models. @default number of cores */
    readonly workers: number;
    /** Render resolution. @default 200 */
    readonly dpi: number;
  };
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
}

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
  readonly reaskTokenBudget?: string | number;
  readonly chunkChars?: string | number;
  readonly minConfidence?: string | number;
  readonly maxPages?: string | number;
  readonly maxFileMb?: string | number;
  readonly routeOn?: string;
  readonly progress?: string;
  readonly retryFailed?: boolean;
  readonly formats?: string;
  readonly headers?: string;
  readonly logFormat?: string;
  readonly ocrEngine?: string;
  readonly ocrWorkers?: string | number;
  readonly ocrDpi?: string | number;
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
    minConfidence: fraction("--min-confidence", options.minConfidence ?? env.INGEST_MIN_CONFIDENCE, 0.8),
    routeOnFlagCodes: routeOnCodes(routeOn),
    progress,
    retryFailed: options.retryFailed ?? false,
    formats: tabularFormats(options.formats),
    headers: oneOf("--headers", options.headers ?? nonEmpty(env.INGEST_HEADERS), ["en", "zh"] as const, "en"),
    logFormat,
    queue: queueConfig(options, env),
    ocr: {
      engine: ocrEngine(options.ocrEngine ?? env.INGEST_OCR_ENGINE),
      workers: positiveInteger("--ocr-workers", options.ocrWorkers, Math.max(1, os.availableParallelism())),
      dpi: positiveInteger("--ocr-dpi", options.ocrDpi, 200),
    },
  };
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
