import type { TokenUsage } from "../../schemas/project-record.js";
import type { CachedReply } from "./response-cache.js";

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

/** A chat completion's JSON as the API sends it (synchronously, or as the `response.body` of a batch output line). */
export interface ApiCompletion {
  readonly model?: string | null;
  readonly choices?: ReadonlyArray<{
    readonly message?: { readonly content?: string | null; readonly refusal?: string | null } | null;
    readonly finish_reason?: string | null;
  }>;
  readonly usage?: ApiUsage | null;
}

/** What we keep of a completion: its first choice's text or refusal, why it stopped, the model, the tokens. */
export function replyFromCompletion(completion: ApiCompletion, requestedModel: string): CachedReply {
  const choice = completion.choices?.[0];
  return {
    content: choice?.message?.content ?? null,
    refusal: choice?.message?.refusal ?? null,
    finishReason: choice?.finish_reason ?? null,
    model: completion.model ?? requestedModel,
    usage: replyUsage(completion.usage),
  };
}
