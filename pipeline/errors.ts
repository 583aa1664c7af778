/**
 * Typed errors. A document's failure is data in the output (`run.json`, the state store), so every error
 * knows its stage, its document and, where there is one, its cause. Whether to retry is decided here, once.
 */
export type PipelineStage = "config" | "read" | "ocr" | "normalize" | "layout" | "segment" | "extract" | "validate" | "write";

export interface PipelineErrorOptions {
  readonly stage: PipelineStage;
  readonly document?: string | undefined;
  readonly cause?: unknown;
  /** Details a serialized error already carried (one that crossed a thread boundary). */
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

export class PipelineError extends Error {
  readonly code: string = "pipeline_error";
  readonly stage: PipelineStage;
  readonly document: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(message: string, options: PipelineErrorOptions) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.stage = options.stage;
    this.document = options.document;
    this.details = options.details;
  }

  /** Retrying the same call could succeed (a rate limit, a timeout, a server error). */
  get isRetryable(): boolean {
    return false;
  }

  /** The JSON form written to run.json and the state store: never includes secrets or raw stacks. */
  toJSON(): SerializedError {
    return serializeError(this);
  }
}

/** Bad flags, environment or option values. The CLI exits 2 on these. */
export class ConfigError extends PipelineError {
  override readonly code = "config_invalid";
  constructor(message: string, cause?: unknown) {
    super(message, { stage: "config", cause });
  }
}

/** Another run holds the run directory (`--out`). The CLI exits 2 on this, as on a usage error. */
export class RunLockedError extends PipelineError {
  override readonly code = "run_locked";
  constructor(
    outDir: string,
    readonly holder: { readonly pid: number; readonly host: string; readonly startedAt: string },
    lockFile: string,
  ) {
    super(
      `${outDir} is in use by another run (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}): wait for it to finish, or choose another --out; if that run is gone and was on another machine, delete ${lockFile}`,
      { stage: "config" },
    );
  }
}

/** The PDF could not be opened or read: corrupt, truncated, encrypted, not a PDF, no pages. */
export class PdfReadError extends PipelineError {
  override readonly code: string;
  constructor(message: string, options: { document: string; reason: PdfReadReason; cause?: unknown }) {
    super(message, { stage: "read", document: options.document, cause: options.cause });
    this.code = `pdf_${options.reason}`;
  }
}
export const PDF_READ_REASONS = ["unreadable", "encrypted", "empty", "too_large", "not_pdf"] as const;
export type PdfReadReason = (typeof PDF_READ_REASONS)[number];

/**
 * Reading the document would cost more than one document may: a decompression bomb, an absurd content stream,
 * a parse that runs away. `limit` names the flag that sets the bound that was hit, so the message says what
 * to raise if the document is genuine.
 */
export class PdfTooCostlyError extends PipelineError {
  override readonly code = "pdf_too_costly";
  readonly limit: CostLimitFlag;
  constructor(message: string, options: { document: string; limit: CostLimitFlag; cause?: unknown }) {
    super(message, { stage: "read", document: options.document, cause: options.cause });
    this.limit = options.limit;
  }
}
export type CostLimitFlag = "--max-inflated-mb" | "--max-operators" | "--max-read-seconds" | "--max-worker-memory-mb";

export class OcrError extends PipelineError {
  override readonly code = "ocr_failed";
  readonly page: number;
  constructor(message: string, options: { document: string; page: number; cause?: unknown }) {
    super(message, { stage: "ocr", document: options.document, cause: options.cause });
    this.page = options.page;
  }
}

/** No project unit could be found in the document. */
export class SegmentationError extends PipelineError {
  override readonly code = "no_projects_found";
  constructor(message: string, options: { document: string; cause?: unknown }) {
    super(message, { stage: "segment", document: options.document, cause: options.cause });
  }
}

/**
 * The document is a table of another kind (a 绩效自评表 reporting 实际完成值 and 得分), not the performance
 * targets this pipeline reads: failing it says so instead of reading completion figures as targets.
 */
export class NotATargetTableError extends PipelineError {
  override readonly code = "not_a_target_table";
  constructor(message: string, options: { document: string }) {
    super(message, { stage: "segment", document: options.document });
  }
}

/** An HTTP call to the model failed (status, connection, timeout). */
export class LlmCallError extends PipelineError {
  override readonly code: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: { document?: string; status?: number; retryAfterMs?: number; kind?: "timeout" | "connection" | "status"; cause?: unknown },
  ) {
    super(message, { stage: "extract", document: options.document, cause: options.cause });
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.code = options.kind === "timeout" ? "llm_timeout" : options.kind === "connection" ? "llm_connection" : `llm_http_${options.status ?? "unknown"}`;
  }

  override get isRetryable(): boolean {
    // A timeout or a dropped connection says nothing about the request itself.
    if (this.status === undefined) return true;
    // 408 request timeout, 409 lock conflict, 429 rate limit: the server asks us to come back later.
    if (this.status === 408 || this.status === 409 || this.status === 429) return true;
    // Server-side failures are usually transient.
    return this.status >= 500;
  }
}

export const REPLY_FAILURE_REASONS = ["not_json", "schema_mismatch", "refusal", "truncated", "empty", "budget_exhausted"] as const;
export type ReplyFailureReason = (typeof REPLY_FAILURE_REASONS)[number];

/** The model answered, but not with a usable record. Keeps everything an analyst or the eval needs. */
export class ExtractionParseError extends PipelineError {
  override readonly code: string;
  readonly rawText: string | null;
  readonly finishReason: string | null;
  readonly model: string;
  readonly usage: { promptTokens: number; completionTokens: number };
  readonly issues: string[];

  constructor(
    message: string,
    options: {
      document?: string;
      reason: ReplyFailureReason;
      rawText: string | null;
      finishReason: string | null;
      model: string;
      usage: { promptTokens: number; completionTokens: number };
      issues?: string[];
      cause?: unknown;
    },
  ) {
    super(message, { stage: "extract", document: options.document, cause: options.cause });
    this.code = `llm_reply_${options.reason}`;
    this.rawText = options.rawText;
    this.finishReason = options.finishReason;
    this.model = options.model;
    this.usage = options.usage;
    this.issues = options.issues ?? [];
  }
}

/**
 * Some project units of a document could not be extracted, so the document is failed whole (a re-run can
 * complete it). It carries the units' own most frequent error code and its message (`llm_http_500`,
 * `llm_connection` …): that is the cause a user can act on, not the count.
 */
export class UnitsFailedError extends PipelineError {
  override readonly code: string;
  constructor(unitErrors: readonly SerializedError[], units: number, document: string) {
    const byCode = new Map<string, SerializedError[]>();
    for (const error of unitErrors) byCode.set(error.code, [...(byCode.get(error.code) ?? []), error]);
    const ranked = [...byCode.entries()].sort(([, a], [, b]) => b.length - a.length);
    const [code, [first]] = ranked[0] as [string, SerializedError[]];
    const others = ranked.slice(1).map(([other, errors]) => `${other} ×${errors.length}`);
    super(`${unitErrors.length} of ${units} project units could not be extracted: ${first!.message}${others.length ? ` (also ${others.join(", ")})` : ""}`, {
      stage: "extract",
      document,
    });
    this.code = code;
  }
}

/** Writing an output failed; the previous complete file (if any) is still in place. */
export class OutputWriteError extends PipelineError {
  override readonly code = "output_write_failed";
  constructor(message: string, options: { cause?: unknown; document?: string }) {
    super(message, { stage: "write", document: options.document, cause: options.cause });
  }
}

/**
 * A queue worker found different bytes at a job's path than were submitted: the file changed (or another
 * file took its name) on the shared storage between submission and reading. Not read, so no result mixes
 * the two.
 */
export class InputChangedError extends PipelineError {
  override readonly code = "input_changed";
  constructor(message: string, options: { document: string }) {
    super(message, { stage: "read", document: options.document });
  }
}

/**
 * A document's job on the queue failed every attempt (its worker threw, or died holding it more often than
 * the stalled-job limit allows): the document's failure, with the queue's last reason as the message.
 */
export class QueueJobError extends PipelineError {
  override readonly code = "queue_job_failed";
  constructor(message: string, options: { stage: "read" | "extract"; document: string }) {
    super(message, { stage: options.stage, document: options.document });
  }
}

/**
 * Every code a failed document (or one of its units) can carry in `run.json` and `documents.csv`; `llm_http_*`
 * stands for one per HTTP status. The README's "Failures" section explains each (a test holds it to this list).
 */
export const DOCUMENT_ERROR_CODES = [
  ...PDF_READ_REASONS.map((reason) => `pdf_${reason}`),
  "pdf_too_costly",
  "ocr_failed",
  "no_projects_found",
  "not_a_target_table",
  "llm_timeout",
  "llm_connection",
  "llm_http_*",
  ...REPLY_FAILURE_REASONS.map((reason) => `llm_reply_${reason}`),
  "output_write_failed",
  "pipeline_error",
  "input_changed",
  "queue_job_failed",
  "unexpected",
] as const;

export interface SerializedError {
  readonly name: string;
  readonly code: string;
  readonly stage: PipelineStage | null;
  readonly message: string;
  readonly document: string | null;
  readonly details?: Record<string, unknown>;
  readonly cause?: SerializedError | { name: string; message: string };
}

/** Turns any thrown value into the JSON shape stored with a failed document. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof PipelineError) {
    const details: Record<string, unknown> = { ...error.details };
    if (error instanceof LlmCallError && error.status !== undefined) details.status = error.status;
    if (error instanceof ExtractionParseError) {
      Object.assign(details, {
        rawText: error.rawText,
        finishReason: error.finishReason,
        model: error.model,
        usage: error.usage,
        issues: error.issues,
      });
    }
    if (error instanceof OcrError) details.page = error.page;
    if (error instanceof PdfTooCostlyError) details.limit = error.limit;
    return {
      name: error.name,
      code: error.code,
      stage: error.stage,
      message: error.message,
      document: error.document ?? null,
      ...(Object.keys(details).length > 0 ? { details } : {}),
      ...(error.cause !== undefined ? { cause: serializeCause(error.cause) } : {}),
    };
  }
  return { name: "UnexpectedError", code: "unexpected", stage: null, message: describe(error), document: null };
}

function serializeCause(cause: unknown): SerializedError | { name: string; message: string } {
  if (cause instanceof PipelineError) return serializeError(cause);
  if (cause instanceof Error) return { name: cause.name, message: cause.message };
  return { name: "Unknown", message: describe(cause) };
}

function describe(value: unknown): string {
  return value instanceof Error ? value.message : String(value);
}
