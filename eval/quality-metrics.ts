import { z } from "zod";
import { perFieldSchema } from "./score-counts.js";

/** Precision, recall and F1; null where the ratio has no denominator (nothing found, or nothing expected). */
export const DetectionMetricsSchema = z.object({
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  f1: z.number().nullable(),
});
export type DetectionMetrics = z.infer<typeof DetectionMetricsSchema>;

/** The ratios of one scope (a document, a family, overall) of one rendition. */
export const QualityMetricsSchema = z.object({
  projects: DetectionMetricsSchema,
  indicators: DetectionMetricsSchema,
  flags: DetectionMetricsSchema,
  /** Accuracy per field over the matched pairs; null when no pair was compared. */
  fields: perFieldSchema(z.number().nullable()),
  /** Accuracy over the key header fields together (KEY_HEADER_FIELDS); null when no pair was compared. */
  headerFields: z.number().nullable(),
  /** How many wrong values left on records that gave no sign of doubt (ScoreCounts.silentErrors). */
  silentErrors: z.number().int().nonnegative(),
});
export type QualityMetrics = z.infer<typeof QualityMetricsSchema>;
