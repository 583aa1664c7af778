import { TEMPERATURE } from "./chat-completion-body.js";
import type { ChatRequest } from "./llm-gateway.js";
import { cacheKey } from "./response-cache.js";

/**
 * The content key of a request: the response-cache key (model, prompt version and text, schema, the whole
 * conversation, the attempt). The batch path uses it as the line's `custom_id`, so a resumed run rebuilds the
 * same ids from the same documents and finds the batch its requests already went in.
 */
export function requestKey(model: string, request: ChatRequest): string {
  return cacheKey({
    model,
    promptVersion: request.promptVersion,
    promptHash: request.promptHash,
    schemaHash: request.schemaHash,
    messages: request.messages,
    attempt: request.attempt,
    temperature: TEMPERATURE,
  });
}
