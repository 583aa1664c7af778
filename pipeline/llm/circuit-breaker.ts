import { LlmCallError } from "../errors.js";
import type { Logger } from "../logger.js";
import { settledBefore } from "./settled-before.js";

export interface CircuitBreakerOptions {
  /** Consecutive provider failures that open the circuit; 0 turns the breaker off. */
  readonly failureThreshold: number;
  /** How long an open circuit waits before it probes the endpoint. */
  readonly pauseMs: number;
  /** A cheap request to the endpoint: null when it answered, else why not. */
  readonly probe: () => Promise<LlmCallError | null>;
  readonly logger: Logger;
  readonly sleep: (milliseconds: number) => Promise<void>;
}

/** Pauses that may end in a good probe before the breaker stops trusting probes and stays open. */
const MAX_PAUSES_WITHOUT_AN_ANSWER = 3;

/**
 * Stops a batch from spending every document's retries on an endpoint that is down. After `failureThreshold`
 * provider failures in a row (no connection, a timeout, 5xx, 401/403) it pauses every request, waits, and
 * probes the endpoint: a probe that is answered closes it again; one that is not leaves it open, and every
 * later request fails at once with the provider's own error (`llm_connection`, `llm_http_500` …), so the
 * documents say what happened. Any answer from the provider resets the count.
 */
export class CircuitBreaker {
  #consecutiveFailures = 0;
  #pausesWithoutAnswer = 0;
  #lastFailure: LlmCallError | null = null;
  #recovery: Promise<void> | null = null;
  #openBecause: LlmCallError | null = null;

  constructor(private readonly options: CircuitBreakerOptions) {}

  /** Whether this failure says the provider, rather than the request, is in trouble. */
  static isProviderFailure(error: LlmCallError): boolean {
    if (error.status === undefined) return true;
    return error.status >= 500 || error.status === 401 || error.status === 403;
  }

  /** Before each attempt: waits while the circuit is paused; throws the provider's error once it is open. */
  async beforeAttempt(document?: string, signal?: AbortSignal): Promise<void> {
    // The pause is shared by every request; one request's abort (Ctrl-C) ends its own wait, not the pause.
    if (this.#recovery) await (signal ? settledBefore(this.#recovery, signal) : this.#recovery);
    if (this.#openBecause) throw new ProviderUnavailableError(this.#openBecause, this.#consecutiveFailures, document);
  }

  recordAnswer(): void {
    this.#consecutiveFailures = 0;
    this.#pausesWithoutAnswer = 0;
  }

  recordFailure(error: LlmCallError): void {
    if (!CircuitBreaker.isProviderFailure(error)) return;
    this.#consecutiveFailures++;
    this.#lastFailure = error;
    if (this.options.failureThreshold > 0 && this.#consecutiveFailures >= this.options.failureThreshold) this.trip(error);
  }

  /** Opens the circuit now (the pre-flight check failed, or failures reached the threshold): pause, then probe. */
  trip(cause: LlmCallError): void {
    if (this.#recovery || this.#openBecause || this.options.failureThreshold === 0) return;
    this.#lastFailure = cause;
    this.#recovery = this.#pauseAndProbe().finally(() => {
      this.#recovery = null;
    });
  }

  get isOpen(): boolean {
    return this.#openBecause !== null;
  }

  async #pauseAndProbe(): Promise<void> {
    const { logger, pauseMs } = this.options;
    this.#pausesWithoutAnswer++;
    logger.warn("llm-circuit-paused", { failures: this.#consecutiveFailures, pauseMs, cause: this.#lastFailure?.code });
    await this.options.sleep(pauseMs);
    const failure = await this.options.probe();
    if (failure === null && this.#pausesWithoutAnswer < MAX_PAUSES_WITHOUT_AN_ANSWER) {
      this.#consecutiveFailures = 0;
      logger.warn("llm-circuit-closed", { reason: "the endpoint answered the probe" });
      return;
    }
    this.#openBecause = failure ?? this.#lastFailure;
    logger.warn("llm-circuit-open", { cause: this.#openBecause?.code, message: this.#openBecause?.message, until: "end of run" });
  }
}

/** A request not sent because the circuit is open: the provider's own code, and never retried. */
export class ProviderUnavailableError extends LlmCallError {
  constructor(cause: LlmCallError, failures: number, document: string | undefined) {
    super(
      `Not sent: the model endpoint is down (${failures > 0 ? `${failures} failures in a row, then ` : ""}a probe after a pause failed): ${cause.message}. Fix the endpoint and run the same command again with --retry-failed`,
      {
        document,
        ...(cause.status !== undefined ? { status: cause.status } : {}),
        kind: cause.code === "llm_timeout" ? "timeout" : cause.code === "llm_connection" ? "connection" : "status",
        cause,
      },
    );
  }

  override get isRetryable(): boolean {
    return false;
  }
}
