import { TEMPERATURE } from "./chat-completion-body.js";
import type { ChatRequest } from "./llm-gateway.js";
import { cacheKey } from "./response-cache.js";

/** The SDK's endpoint when no base URL is configured; part of the key like any other. */
export const DEFAULT_ENDPOINT = "https://api.openai.com/v1";

/**
 * The content key of a request: the response-cache key (the endpoint's base URL, model, prompt version and text, schema, the whole
 * conversation, the attempt). The batch path uses it as the line's `custom_id`, so a resumed run rebuilds the
 * same ids from the same documents and finds the batch its requests already went in.
 */
export function requestKey(endpoint: { readonly model: string; readonly baseUrl?: string | undefined }, request: ChatRequest): string {
  return cacheKey({
    endpoint: endpoint.baseUrl ?? DEFAULT_ENDPOINT,
    model: endpoint.model,
    promptVersion: request.promptVersion,
    promptHash: request.promptHash,
    schemaHash: request.schemaHash,
    messages: request.messages,
    attempt: request.attempt,
    temperature: TEMPERATURE,
  });
}
