import { ExtractionParseError } from "../errors.js";
import { replyFromCompletion, type ApiCompletion } from "./completion-reply.js";
import type { CachedReply } from "./response-cache.js";

/**
 * The SDK's result as our reply. A proxy or captive portal that answers 200 with an HTML page gives the SDK a
 * string (or something without `choices`): that is a reply that is not JSON, not a connection error, and
 * asking again will not change it.
 */
export function readCompletion(completion: unknown, model: string, document: string | undefined): CachedReply {
  const choices = typeof completion === "object" && completion !== null ? (completion as { choices?: unknown }).choices : undefined;
  if (!Array.isArray(choices)) {
    const rawText = typeof completion === "string" ? completion : JSON.stringify(completion ?? null);
    return notJson(rawText, model, document);
  }
  return replyFromCompletion(completion as ApiCompletion, model);
}

/** A body the SDK could not parse as JSON although the server said it was. */
export function isBodyParseError(error: unknown): error is SyntaxError {
  return error instanceof SyntaxError;
}

export function notJson(rawText: string, model: string, document: string | undefined): never {
  throw new ExtractionParseError(
    `The model endpoint answered, but not with a chat completion (the body starts ${JSON.stringify(rawText.slice(0, 80))}); check OPENAI_BASE_URL: a proxy or login page may be answering`,
    { document, reason: "not_json", rawText: rawText.slice(0, 2_000), finishReason: null, model, usage: { promptTokens: 0, completionTokens: 0 } },
  );
}
