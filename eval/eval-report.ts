import { z } from "zod";
import { LayoutFamilySchema } from "../schemas/project-record.js";
import { MismatchSchema } from "./mismatch.js";
import { ModelPriceSchema } from "./price-table.js";
import { QualityMetricsSchema } from "./quality-metrics.js";
import { RenditionSchema } from "./rendition.js";
import { CostCountsSchema, ScoreCountsSchema } from "./score-counts.js";

/** Counts, ratios, cost and price of one scope (a document, a family, or overall) of one rendition. */
export const ScopeScoreSchema = z.object({
  counts: ScoreCountsSchema,
  metrics: QualityMetricsSchema,
  cost: CostCountsSchema,
  /** Estimated USD of the billed tokens, null when the model has no price (see `price.note`). */
  priceUsd: z.number().nullable(),
  /** What the provider's prompt cache saved on the billed input, USD; null without a price. */
  cacheSavingUsd: z.number().nullable(),
});
export type ScopeScore = z.infer<typeof ScopeScoreSchema>;

export const MetricChangeSchema = z.object({
  metric: z.string(),
  baseline: z.number().nullable(),
  current: z.number().nullable(),
  /** current − baseline, null when either is null. */
  change: z.number().nullable(),
  /** Quality metrics are gated (higher is better); cost and time are shown only. */
  gated: z.boolean(),
  status: z.enum(["regressed", "improved", "unchanged", "changed", "new", "removed"]),
});
export type MetricChange = z.infer<typeof MetricChangeSchema>;

export const BaselineComparisonSchema = z.object({
  file: z.string(),
  baselineCreatedAt: z.string(),
  baselineCommit: z.string().nullable(),
  tolerance: z.number(),
  regressions: z.number().int().nonnegative(),
  changes: z.array(MetricChangeSchema),
});
export type BaselineComparison = z.infer<typeof BaselineComparisonSchema>;

export const DocumentReportSchema = ScopeScoreSchema.extend({
  /** The gold file's base name, e.g. `seed-000-grid`. */
  name: z.string(),
  fixture: z.string(),
  input: z.string(),
  rendition: RenditionSchema,
  family: LayoutFamilySchema,
  status: z.enum(["done", "failed", "missing"]),
  error: z.string().nullable(),
  mismatches: z.array(MismatchSchema),
});
export type DocumentReport = z.infer<typeof DocumentReportSchema>;

/**
 * `report.json`: every number of one eval run, what produced it (config, model, prompt version, commit),
 * and `metrics`, the same numbers flattened to `scope/rendition/metric` keys, which is what a later run
 * compares against with `--baseline`.
 */
export const EvalReportSchema = z.object({
  schemaVersion: z.literal(1),
  createdAt: z.string(),
  git: z.object({ commit: z.string().nullable(), dirty: z.boolean().nullable() }),
  run: z.object({
    extractor: z.string(),
    extractorReason: z.string(),
    model: z.string().nullable(),
    endpoint: z.string().nullable(),
    promptVersion: z.string().nullable(),
    cache: z.boolean(),
    documentConcurrency: z.number().int(),
    runDir: z.string(),
    durationMs: z.number(),
    llmRequests: z.number().int(),
    llmCacheHits: z.number().int(),
    llmRetries: z.number().int(),
  }),
  price: z.object({
    table: z.string(),
    priceModel: z.string().nullable(),
    price: ModelPriceSchema.nullable(),
    note: z.string().nullable(),
  }),
  renditions: z.array(RenditionSchema),
  documents: z.array(DocumentReportSchema),
  families: z.array(ScopeScoreSchema.extend({ family: LayoutFamilySchema, rendition: RenditionSchema })),
  overall: z.array(ScopeScoreSchema.extend({ rendition: RenditionSchema })),
  metrics: z.record(z.string(), z.number().nullable()),
  baseline: BaselineComparisonSchema.nullable(),
});
export type EvalReport = z.infer<typeof EvalReportSchema>;

/** What `--baseline` needs of an earlier report; read leniently so that reports from older harness versions still compare. */
export const BaselineReportSchema = z.object({
  createdAt: z.string(),
  git: z.object({ commit: z.string().nullable() }).passthrough(),
  metrics: z.record(z.string(), z.number().nullable()),
});
export type BaselineReport = z.infer<typeof BaselineReportSchema>;
