import OpenAI from "openai";
import { ExtractionParseError, LlmCallError } from "../errors.js";
import { parseRetryAfter } from "./retry-policy.js";

/**
 * What went wrong with one HTTP attempt, as a typed error. `timedOut` says our own per-attempt deadline fired:
 * the SDK's timer stops once the headers arrive, ours covers the body too, and when it fires the SDK only sees
 * an abort.
 */
export function toLlmCallError(error: unknown, document: string | undefined, timedOut: boolean, timeoutMs: number): LlmCallError | ExtractionParseError {
  if (error instanceof ExtractionParseError) return error;
  if (timedOut || error instanceof OpenAI.APIConnectionTimeoutError) {
    return new LlmCallError(`The model endpoint did not send its whole reply within ${timeoutMs} ms (raise --timeout-ms if the server is slow)`, {
      document,
      kind: "timeout",
      cause: error,
    });
  }
  if (error instanceof OpenAI.APIUserAbortError) {
    return new LlmCallError("The request was cancelled", { document, kind: "connection", cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new LlmCallError(`Could not reach the model endpoint: ${describeConnectionError(error)}`, { document, kind: "connection", cause: error });
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

/** undici says "fetch failed" and keeps the useful part (ECONNREFUSED 127.0.0.1:9) in the cause chain. */
function describeConnectionError(error: Error): string {
  const parts: string[] = [error.message];
  for (let cause = error.cause; cause instanceof Error && parts.length < 4; cause = cause.cause) parts.push(cause.message);
  return [...new Set(parts)].join(": ");
}
