import type { DocumentResult } from "../schemas/run-summary.js";
import type { CostCounts } from "./score-counts.js";

/**
 * What one document's run cost: model answers used (attempts of its LLM records), how many came from the
 * response cache, tokens in and out, the tokens actually billed in this run (cached answers cost nothing
 * now, though their usage is recorded), and its wall time. A failed document's records are not written, so
 * only its tokens are known, not its calls.
 */
export function measureCost(result: DocumentResult | undefined): CostCounts {
  if (!result) {
    return { documents: 1, llmCalls: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0, billedPromptTokens: 0, billedCompletionTokens: 0, billedCachedPromptTokens: 0, durationMs: 0 };
  }
  const llmRecords = result.records.filter((record) => record.extraction.extractor === "llm");
  const cached = llmRecords.filter((record) => record.extraction.cached);
  const sum = (records: typeof llmRecords, pick: (record: (typeof llmRecords)[number]) => number) =>
    records.reduce((total, record) => total + pick(record), 0);
  return {
    documents: 1,
    llmCalls: sum(llmRecords, (record) => record.extraction.attempts),
    cacheHits: sum(cached, (record) => record.extraction.attempts),
    promptTokens: result.usage.promptTokens,
    completionTokens: result.usage.completionTokens,
    billedPromptTokens: Math.max(0, result.usage.promptTokens - sum(cached, (record) => record.extraction.usage.promptTokens)),
    billedCompletionTokens: Math.max(0, result.usage.completionTokens - sum(cached, (record) => record.extraction.usage.completionTokens)),
    billedCachedPromptTokens: Math.max(
      0,
      (result.usage.cachedPromptTokens ?? 0) - sum(cached, (record) => record.extraction.usage.cachedPromptTokens ?? 0),
    ),
    durationMs: result.durationMs,
  };
}
