import { z } from "zod";

/**
 * The fields whose accuracy the eval reports. Header and money fields are compared once per matched
 * project, indicator fields once per matched indicator.
 */
export const HEADER_FIELDS = [
  "kind",
  "projectName",
  "projectCode",
  "projectAttribute",
  "projectPeriod",
  "department",
  "implementingUnit",
  "moneyUnit",
  "fundUse",
  "goals",
  "longTermGoals",
  "spendingSchedule",
] as const;
export const MONEY_FIELDS = ["totalAmount", "fiscalAmount", "carryoverAmount", "otherAmount", "projectExpenditure", "basicExpenditure"] as const;
export const INDICATOR_FIELDS = [
  "level1",
  "level2",
  "level3Exact",
  "level3",
  "valueRaw",
  "valueParsed",
  "description",
  "basis",
  "weight",
  "evidencePage",
] as const;
/**
 * The header fields the bar is set on (name, money unit, implementing unit, total, goals), reported
 * together as `headerFields`.
 */
export const KEY_HEADER_FIELDS = ["projectName", "moneyUnit", "implementingUnit", "totalAmount", "goals"] as const satisfies readonly FieldName[];
export const FIELD_NAMES = [...HEADER_FIELDS, ...MONEY_FIELDS, ...INDICATOR_FIELDS] as const;
export const FieldNameSchema = z.enum(FIELD_NAMES);
export type FieldName = z.infer<typeof FieldNameSchema>;

/** An object schema with one required key per field name, each holding `value`: a record the compiler knows is complete. */
export function perFieldSchema<T extends z.ZodTypeAny>(value: T): z.ZodObject<{ [K in FieldName]: T }> {
  return z.object(Object.fromEntries(FIELD_NAMES.map((field) => [field, value])) as { [K in FieldName]: T });
}

/** Detection counts, from which precision, recall and F1 follow. */
export const DetectionCountsSchema = z.object({
  truePositives: z.number().int().nonnegative(),
  falsePositives: z.number().int().nonnegative(),
  falseNegatives: z.number().int().nonnegative(),
});
export type DetectionCounts = z.infer<typeof DetectionCountsSchema>;

/** How many matched pairs agreed on one field, out of how many were compared. */
export const FieldTallySchema = z.object({
  correct: z.number().int().nonnegative(),
  compared: z.number().int().nonnegative(),
});
export type FieldTally = z.infer<typeof FieldTallySchema>;

/**
 * Everything the quality scores are computed from. Counts, not ratios, so that documents add up into
 * families and the overall score by summing (micro-averaging: a document with 80 indicators weighs more
 * than one with 8), and so that the report can print `19/20` beside `0.950`.
 */
export const ScoreCountsSchema = z.object({
  projects: DetectionCountsSchema,
  indicators: DetectionCountsSchema,
  flags: DetectionCountsSchema,
  flagsByCode: z.record(z.string(), DetectionCountsSchema),
  fields: perFieldSchema(FieldTallySchema),
  /**
   * Silent errors: gold indicators missed, and extracted indicators wrong (level 1, level 2, level 3 or value)
   * or invented, on records that give no sign of doubt — no warning or error flag, no uncertainty — and projects
   * missed in a document that raised nothing. The worst outcome: a wrong value nobody will look at.
   */
  silentErrors: z.number().int().nonnegative(),
  /** Header and money fields wrong on such records. */
  silentFieldErrors: z.number().int().nonnegative(),
});
export type ScoreCounts = z.infer<typeof ScoreCountsSchema>;

/** What one rendition's run cost and how long it took. */
export const CostCountsSchema = z.object({
  documents: z.number().int().nonnegative(),
  /** Model answers used, cached ones included (a re-ask is a second call). */
  llmCalls: z.number().int().nonnegative(),
  /** Of `llmCalls`, answered from the response cache: no tokens billed. */
  cacheHits: z.number().int().nonnegative(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  /** Tokens of calls that went to the endpoint in this run (cache hits excluded): what the price is of. */
  billedPromptTokens: z.number().int().nonnegative(),
  billedCompletionTokens: z.number().int().nonnegative(),
  /** Of `billedPromptTokens`, those the provider served from its prompt cache (`cached_tokens`), at the cached-input price. */
  billedCachedPromptTokens: z.number().int().nonnegative(),
  /** Sum of the documents' wall times; documents run concurrently, so this exceeds the run's wall time. */
  durationMs: z.number().nonnegative(),
});
export type CostCounts = z.infer<typeof CostCountsSchema>;
