import { LlmCallError } from "../errors.js";

export interface RetryTiming {
  /** First backoff delay; doubles per attempt. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Retry-After values above this are capped: a server asking for an hour would stall a whole batch. */
  readonly maxRetryAfterMs: number;
}

/**
 * How long to wait before retry number `retry` (0-based): the server's Retry-After when it sent one
 * (bounded), else exponential backoff with ±25 % jitter so parallel workers don't retry in lockstep.
 */
export function retryDelay(error: LlmCallError, retry: number, timing: RetryTiming, random: () => number = Math.random): number {
  if (error.retryAfterMs !== undefined) return Math.min(Math.max(0, error.retryAfterMs), timing.maxRetryAfterMs);
  const exponential = Math.min(timing.maxDelayMs, timing.baseDelayMs * 2 ** retry);
  return Math.round(exponential * (0.75 + random() * 0.5));
}

/** `Retry-After` (seconds or HTTP date) or `retry-after-ms`, in milliseconds. */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  const milliseconds = headers?.get("retry-after-ms");
  if (milliseconds && Number.isFinite(Number(milliseconds))) return Number(milliseconds);
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
