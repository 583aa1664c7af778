import type { TokenUsage } from "../../schemas/project-record.js";

/** The `usage` object of a chat completion as the API sends it (OpenAI, vLLM; details optional). */
export interface ApiUsage {
  readonly prompt_tokens?: number;
  readonly completion_tokens?: number;
  readonly prompt_tokens_details?: { readonly cached_tokens?: number | null } | null;
}

/**
 * Tokens of one reply in our terms. `cachedPromptTokens` (the prompt prefix the provider served from its
 * cache, billed at the cached-input price) is present only when the server reported some, so a record of a
 * server without prompt caching says nothing rather than a measured 0.
 */
export function replyUsage(usage: ApiUsage | null | undefined): TokenUsage {
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    promptTokens: usage?.prompt_tokens ?? 0,
    completionTokens: usage?.completion_tokens ?? 0,
    ...(cached > 0 ? { cachedPromptTokens: cached } : {}),
  };
}
