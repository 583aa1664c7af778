import { FIELD_NAMES, type CostCounts, type DetectionCounts, type FieldName, type FieldTally, type ScoreCounts } from "./score-counts.js";

/** Detection counts of nothing found and nothing expected. */
export function emptyDetection(): DetectionCounts {
  return { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
}

/** Quality counts of nothing: the start of every sum. */
export function emptyScoreCounts(): ScoreCounts {
  return {
    projects: emptyDetection(),
    indicators: emptyDetection(),
    flags: emptyDetection(),
    flagsByCode: {},
    fields: Object.fromEntries(FIELD_NAMES.map((field) => [field, { correct: 0, compared: 0 }])) as Record<FieldName, FieldTally>,
    silentErrors: 0,
    silentFieldErrors: 0,
  };
}

/** Cost counts of nothing. */
export function emptyCostCounts(): CostCounts {
  return { documents: 0, llmCalls: 0, cacheHits: 0, promptTokens: 0, completionTokens: 0, billedPromptTokens: 0, billedCompletionTokens: 0, billedCachedPromptTokens: 0, durationMs: 0 };
}
