/**
 * Typed errors of the eval harness. The CLI exits 2 on these: they mean the eval could not be set up or
 * could not read one of its inputs, not that the pipeline scored badly (that is exit 1, the gate).
 */
export type EvalErrorCode = "eval_options_invalid" | "eval_fixture_missing" | "eval_baseline_unreadable" | "eval_prices_invalid" | "eval_input_unreadable";

export class EvalError extends Error {
  readonly code: EvalErrorCode;

  constructor(message: string, options: { code: EvalErrorCode; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
  }
}

/** A command-line value that cannot be used (an unknown rendition, a tolerance that is not a number). */
export class EvalOptionsError extends EvalError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: "eval_options_invalid", cause });
  }
}

/** A gold file names a fixture PDF that is not on disk. */
export class FixtureMissingError extends EvalError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: "eval_fixture_missing", cause });
  }
}

/** `--baseline` names a file that is missing, not JSON, or not an eval report. */
export class BaselineReadError extends EvalError {
  readonly file: string;
  constructor(message: string, options: { file: string; cause?: unknown }) {
    super(message, { code: "eval_baseline_unreadable", cause: options.cause });
    this.file = options.file;
  }
}

/** The price table is missing, not JSON, or not shaped as `{ "models": { name: { inputPerMillion, outputPerMillion } } }`. */
export class PriceTableError extends EvalError {
  readonly file: string;
  constructor(message: string, options: { file: string; cause?: unknown }) {
    super(message, { code: "eval_prices_invalid", cause: options.cause });
    this.file = options.file;
  }
}

/** A report (`eval:report`) or the review's flag verdicts (`--review-flags`) cannot be read. */
export class EvalInputError extends EvalError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: "eval_input_unreadable", cause: options.cause });
  }
}
