import OpenAI from "openai";
import PQueue from "p-queue";
import type { JsonSchema } from "../../schemas/to-json-schema.js";
import type { LlmConfig } from "../config.js";
import { LlmCallError } from "../errors.js";
import type { Logger } from "../logger.js";
import { CircuitBreaker, ProviderUnavailableError } from "./circuit-breaker.js";
import { readCompletion, isBodyParseError, notJson } from "./read-completion.js";
import { retryDelay, type RetryTiming } from "./retry-policy.js";
import { settledBefore } from "./settled-before.js";
import { toLlmCallError } from "./to-llm-call-error.js";
import { chatCompletionBody } from "./chat-completion-body.js";
import type { MessagePart } from "./message-part.js";
import type { SpendGuard } from "./cost-ceiling.js";
import { requestKey } from "./request-key.js";
import type { CachedReply, ResponseCache } from "./response-cache.js";

export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string | readonly MessagePart[];
}

export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly schemaName: string;
  readonly schema: JsonSchema;
  readonly schemaHash: string;
  readonly promptVersion: string;
  readonly promptHash: string;
  /** 0 for the first ask, 1 for the first re-ask … (part of the cache key). */
  readonly attempt: number;
  readonly document?: string;
  /**
   * Whether a reply is an answer the caller can use (it passed the schema). Only those are cached, and a
   * cached entry that fails it is not served.
   */
  readonly accept: (reply: CachedReply) => boolean;
  /** Input tokens of the request's images, as counted before sending (for the cost ceiling). */
  readonly imageTokens?: number;
}

export interface ChatReply extends CachedReply {
  readonly cached: boolean;
}

export interface GatewayStats {
  requests: number;
  cacheHits: number;
  retries: number;
  peakInFlight: number;
  /** Requests that were not sent because the circuit breaker was open. */
  refusedByBreaker: number;
}

/** One document's share of the counters (the peak in flight is the process's, not a document's). */
export type DocumentModelStats = Omit<GatewayStats, "peakInFlight">;

export const NO_MODEL_STATS: DocumentModelStats = { requests: 0, cacheHits: 0, retries: 0, refusedByBreaker: 0 };

/** The one door to the model: cache, concurrency and rate caps, retries. Owned by the runner. */
export interface LlmGateway {
  readonly model: string;
  complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatReply>;
  /**
   * The pre-flight check: one cheap request (`GET /models`) before the run. A server without that route
   * (404, 405) counts as answering. On a failure the circuit opens (pause, probe) and the failure is returned.
   */
  checkEndpoint(signal?: AbortSignal): Promise<LlmCallError | null>;
  readonly stats: Readonly<GatewayStats>;
  /**
   * With `GatewayOptions.countPerDocument`: the counters of the requests made for `document` (a request's
   * `document`), handed over and forgotten. A queue worker reports them with the document's job, and the
   * collector sums them into run.json, as one process's `stats` are in a single-machine run.
   */
  takeDocumentStats?(document: string): DocumentModelStats;
}

export interface GatewayOptions {
  readonly cache: ResponseCache | null;
  readonly logger: Logger;
  /** Injected in tests; defaults to the global fetch (which msw intercepts). */
  readonly fetch?: typeof fetch;
  readonly retryTiming?: Partial<RetryTiming>;
  readonly sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  /** `--max-cost`: asked before each request is sent (it may refuse), told what the reply cost. */
  readonly spendGuard?: SpendGuard;
  /**
   * Spaces the requests' starts when the `--rpm` cap is shared with other processes (the queue's workers):
   * each request waits for its turn here instead of the gateway's own pacing.
   */
  readonly pacer?: RequestPacer;
  /** Keep the counters per document too, for `takeDocumentStats`. @default false */
  readonly countPerDocument?: boolean;
}

/** Hands out request starts at most one per 60/rpm seconds, across every process that shares it. */
export interface RequestPacer {
  /** Resolves when the caller may start its request. */
  wait(signal?: AbortSignal): Promise<void>;
}

export function createLlmGateway(config: LlmConfig, options: GatewayOptions): LlmGateway {
  const client = new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseUrl,
    timeout: config.timeoutMs,
    // Retries are ours: one policy for every server, counted, with Retry-After honoured within bounds.
    maxRetries: 0,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const queue = new PQueue({
    concurrency: config.concurrency,
    // One start per 60/rpm seconds rather than rpm starts per minute: a per-minute window would let the
    // whole allowance burst out in its first second, which trips servers that also limit per second.
    ...(config.requestsPerMinute > 0 && !options.pacer ? { intervalCap: 1, interval: Math.ceil(60_000 / config.requestsPerMinute) } : {}),
  });
  const timing: RetryTiming = { baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: config.maxRetryAfterMs, ...options.retryTiming };
  const sleep = options.sleep ?? sleepWithSignal;
  const stats: GatewayStats = { requests: 0, cacheHits: 0, retries: 0, peakInFlight: 0, refusedByBreaker: 0 };
  const breaker = new CircuitBreaker({
    failureThreshold: config.breakerFailures,
    pauseMs: config.breakerPauseMs,
    probe: () => probe(),
    logger: options.logger,
    sleep: (milliseconds) => sleep(milliseconds),
  });

  /** `GET /models` within the timeout: null when the server answered (a 404 or 405 is an answer too). */
  async function probe(signal?: AbortSignal): Promise<LlmCallError | null> {
    const deadline = AbortSignal.timeout(config.timeoutMs);
    const attemptSignal = signal ? AbortSignal.any([signal, deadline]) : deadline;
    try {
      await settledBefore(client.models.list({ signal: attemptSignal }), attemptSignal);
      return null;
    } catch (error) {
      const failure = toLlmCallError(error, undefined, deadline.aborted && !signal?.aborted, config.timeoutMs);
      if (!(failure instanceof LlmCallError)) return null;
      if (failure.status === 404 || failure.status === 405 || failure.status === 501) return null;
      return CircuitBreaker.isProviderFailure(failure) ? failure : null;
    }
  }

  async function checkEndpoint(signal?: AbortSignal): Promise<LlmCallError | null> {
    const failure = await probe(signal);
    if (failure) breaker.trip(failure);
    return failure;
  }
  let inFlight = 0;
  const byDocument = new Map<string, { -readonly [K in keyof DocumentModelStats]: number }>();
  function countFor(document: string | undefined, counter: keyof DocumentModelStats): void {
    if (!options.countPerDocument || document === undefined) return;
    const counts = byDocument.get(document) ?? { ...NO_MODEL_STATS };
    counts[counter]++;
    byDocument.set(document, counts);
  }
  function takeDocumentStats(document: string): DocumentModelStats {
    const counts = byDocument.get(document) ?? NO_MODEL_STATS;
    byDocument.delete(document);
    return counts;
  }

  async function send(request: ChatRequest, signal: AbortSignal | undefined): Promise<CachedReply> {
    // Asked when the request leaves the queue, not when it joins: by then the replies before it are paid for.
    const ticket = options.spendGuard?.admit(request);
    inFlight++;
    stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
    stats.requests++;
    countFor(request.document, "requests");
    // The SDK's own timeout stops once the headers arrive; this one covers the whole attempt, body included,
    // so a server that sends headers and then stalls is a timeout, not a request held for minutes.
    const deadline = AbortSignal.timeout(config.timeoutMs);
    try {
      const attemptSignal = signal ? AbortSignal.any([signal, deadline]) : deadline;
      const completion: unknown = await settledBefore(
        client.chat.completions.create(chatCompletionBody(config.model, request) as OpenAI.ChatCompletionCreateParamsNonStreaming, { signal: attemptSignal }),
        attemptSignal,
      );
      breaker.recordAnswer();
      const reply = readCompletion(completion, config.model, request.document);
      if (ticket) options.spendGuard!.settle(ticket, reply.usage);
      return reply;
    } catch (error) {
      if (ticket) options.spendGuard!.release(ticket);
      if (isBodyParseError(error)) notJson(error.message, config.model, request.document);
      throw toLlmCallError(error, request.document, deadline.aborted && !signal?.aborted, config.timeoutMs);
    } finally {
      inFlight--;
    }
  }

  async function complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatReply> {
    const key = requestKey(config, request);
    const hit = options.cache ? await options.cache.get(key) : null;
    if (hit && request.accept(hit)) {
      stats.cacheHits++;
      countFor(request.document, "cacheHits");
      return { ...hit, cached: true };
    }
    for (let retry = 0; ; retry++) {
      try {
        await breaker.beforeAttempt(request.document, signal).catch((error: unknown) => {
          stats.refusedByBreaker++;
          countFor(request.document, "refusedByBreaker");
          throw error;
        });
        const reply = await queue.add(
          async () => {
            await options.pacer?.wait(signal);
            return send(request, signal);
          },
          { signal },
        );
        // Only an answer the caller could use is kept: a rejected reply served from the cache would fail
        // every later run the same way, without a request.
        if (options.cache && request.accept(reply)) await options.cache.set(key, reply);
        return { ...reply, cached: false };
      } catch (error) {
        if (error instanceof LlmCallError && !(error instanceof ProviderUnavailableError)) breaker.recordFailure(error);
        if (!(error instanceof LlmCallError) || !error.isRetryable || retry >= config.maxRetries || signal?.aborted) throw error;
        const delay = retryDelay(error, retry, timing);
        stats.retries++;
        countFor(request.document, "retries");
        options.logger.warn("llm-retry", { code: error.code, retry: retry + 1, delayMs: delay, document: request.document });
        await sleep(delay, signal);
      }
    }
  }

  return { model: config.model, complete, checkEndpoint, stats, takeDocumentStats };
}

/** Resolves after `milliseconds`, or rejects with the signal's reason as soon as it aborts. */
export function sleepWithSignal(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, milliseconds);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
