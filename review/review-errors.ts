/**
 * Typed errors of the review app. Every failure a request can meet is one of these, so the HTTP layer turns
 * it into a status and a JSON body in one place, and a message always says what to do.
 */
export type ReviewErrorCode =
  | "review_config_invalid"
  | "review_run_invalid"
  | "request_refused"
  | "request_unauthorized"
  | "request_invalid"
  | "request_unsupported"
  | "not_found"
  | "conflict"
  | "pdf_unavailable";

export interface ReviewIssue {
  /** Dotted field path (`indicators.2.value`), or empty for the request as a whole. */
  readonly path: string;
  readonly message: string;
}

/** Base of every review-app error: a stable `code`, the HTTP status it maps to, and field issues where any. */
export class ReviewError extends Error {
  readonly code: ReviewErrorCode;
  /** The HTTP status a request failing with this error gets. */
  readonly status: number;
  /** Field-level problems (zod issues of an edit, say), for the page to show beside the fields. */
  readonly issues: readonly ReviewIssue[];

  constructor(message: string, options: { code: ReviewErrorCode; status: number; issues?: readonly ReviewIssue[]; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.status = options.status;
    this.issues = options.issues ?? [];
  }
}

/** A bad command-line option or environment value; the CLI exits 2. */
export class ReviewConfigError extends ReviewError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: "review_config_invalid", status: 500, cause });
  }
}

/** The run directory cannot be reviewed: a file is missing, unreadable or does not match its schema. */
export class RunDirectoryError extends ReviewError {
  readonly file: string;
  constructor(message: string, options: { file: string; cause?: unknown }) {
    super(message, { code: "review_run_invalid", status: 500, cause: options.cause });
    this.file = options.file;
  }
}

/** A request that may come from another site, another host name, or without the server's tokens. */
export class RequestRefusedError extends ReviewError {
  constructor(message: string, status: 401 | 403 = 403) {
    super(message, { code: status === 401 ? "request_unauthorized" : "request_refused", status });
  }
}

/** A request body or parameter that does not say what the server needs (400), or an edit the schema rejects (422). */
export class InvalidRequestError extends ReviewError {
  constructor(message: string, options: { status?: 400 | 405 | 413 | 415 | 422; issues?: readonly ReviewIssue[]; cause?: unknown } = {}) {
    const status = options.status ?? 400;
    super(message, {
      code: status === 405 || status === 415 ? "request_unsupported" : "request_invalid",
      status,
      ...(options.issues ? { issues: options.issues } : {}),
      cause: options.cause,
    });
  }
}

/** No such record, page or route: ids and page numbers are looked up, never trusted. */
export class NotFoundError extends ReviewError {
  constructor(message: string) {
    super(message, { code: "not_found", status: 404 });
  }
}

/** The request is well-formed but the state does not allow it (promoting a rejected record, say). */
export class ConflictError extends ReviewError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: "conflict", status: 409, cause });
  }
}

/** The PDF a record names is gone, changed since the run (its SHA-256 differs), or cannot be rendered. */
export class PdfUnavailableError extends ReviewError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: "pdf_unavailable", status: 410, cause });
  }
}
