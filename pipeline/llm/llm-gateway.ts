import OpenAI from "openai";
import PQueue from "p-queue";
import type { JsonSchema } from "../../schemas/to-json-schema.js";
import type { LlmConfig } from "../config.js";
import { LlmCallError } from "../errors.js";
import type { Logger } from "../logger.js";
import { cacheKey, type CachedReply, type ResponseCache } from "./response-cache.js";
import { parseRetryAfter, retryDelay, type RetryTiming } from "./retry-policy.js";

export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
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
}

export interface ChatReply extends CachedReply {
  readonly cached: boolean;
}

export interface GatewayStats {
  requests: number;
  cacheHits: number;
  retries: number;
  peakInFlight: number;
}

/** The one door to the model: cache, concurrency and rate caps, retries. Owned by the runner. */
export interface LlmGateway {
  readonly model: string;
  complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatReply>;
  readonly stats: Readonly<GatewayStats>;
}

export interface GatewayOptions {
  readonly cache: ResponseCache | null;
  readonly logger: Logger;
  /** Injected in tests; defaults to the global fetch (which msw intercepts). */
  readonly fetch?: typeof fetch;
  readonly retryTiming?: Partial<RetryTiming>;
  readonly sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Spaces the requests' starts when the `--rpm` cap is shared with other processes (the queue's workers):
   * each request waits for its turn here instead of the gateway's own pacing.
   */
  readonly pacer?: RequestPacer;
}

/** Hands out request starts at most one per 60/rpm seconds, across every process that shares it. */
export interface RequestPacer {
  /** Resolves when the caller may start its request. */
  wait(signal?: AbortSignal): Promise<void>;
}

const TEMPERATURE = 0;

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
  const stats: GatewayStats = { requests: 0, cacheHits: 0, retries: 0, peakInFlight: 0 };
  let inFlight = 0;

  async function send(request: ChatRequest, signal: AbortSignal | undefined): Promise<CachedReply> {
    inFlight++;
    stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
    stats.requests++;
    try {
      const completion = await client.chat.completions.create(
        {
          model: config.model,
          temperature: TEMPERATURE,
          messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
          response_format: { type: "json_schema", json_schema: { name: request.schemaName, strict: true, schema: request.schema } },
        },
        { signal },
      );
      const choice = completion.choices[0];
      return {
        content: choice?.message.content ?? null,
        refusal: choice?.message.refusal ?? null,
        finishReason: choice?.finish_reason ?? null,
        model: completion.model ?? config.model,
        usage: { promptTokens: completion.usage?.prompt_tokens ?? 0, completionTokens: completion.usage?.completion_tokens ?? 0 },
      };
    } catch (error) {
      throw toLlmCallError(error, request.document);
    } finally {
      inFlight--;
    }
  }

  async function complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatReply> {
    const key = cacheKey({
      model: config.model,
      promptVersion: request.promptVersion,
      promptHash: request.promptHash,
      schemaHash: request.schemaHash,
      messages: request.messages,
      attempt: request.attempt,
      temperature: TEMPERATURE,
    });
    const hit = options.cache ? await options.cache.get(key) : null;
    if (hit) {
      stats.cacheHits++;
      return { ...hit, cached: true };
    }
    for (let retry = 0; ; retry++) {
      try {
        const reply = await queue.add(async () => {
          await options.pacer?.wait(signal);
          return send(request, signal);
        }, { signal });
        if (options.cache) await options.cache.set(key, reply);
        return { ...reply, cached: false };
      } catch (error) {
        if (!(error instanceof LlmCallError) || !error.isRetryable || retry >= config.maxRetries || signal?.aborted) throw error;
        const delay = retryDelay(error, retry, timing);
        stats.retries++;
        options.logger.warn("llm-retry", { code: error.code, retry: retry + 1, delayMs: delay, document: request.document });
        await sleep(delay, signal);
      }
    }
  }

  return { model: config.model, complete, stats };
}

function toLlmCallError(error: unknown, document: string | undefined): LlmCallError {
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new LlmCallError("The model endpoint did not answer before the timeout (raise --timeout-ms if the server is slow)", {
      document,
      kind: "timeout",
      cause: error,
    });
  }
  if (error instanceof OpenAI.APIUserAbortError) {
    return new LlmCallError("The request was cancelled", { document, kind: "connection", cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new LlmCallError(`Could not reach the model endpoint: ${error.message}`, { document, kind: "connection", cause: error });
  }
  if (error instanceof OpenAI.APIError && error.status !== undefined) {
    const hint = error.status === 401 ? " (check OPENAI_API_KEY)" : error.status === 404 ? " (check OPENAI_BASE_URL and the model name)" : "";
    return new LlmCallError(`The model endpoint answered HTTP ${error.status}${hint}: ${error.message}`, {
      document,
      status: error.status,
      retryAfterMs: parseRetryAfter(error.headers),
      kind: "status",
      cause: error,
    });
  }
  return new LlmCallError(`The model call failed: ${error instanceof Error ? error.message : String(error)}`, {
    document,
    kind: "connection",
    cause: error,
  });
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
