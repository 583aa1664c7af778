import type { DetectionMetrics, QualityMetrics } from "./quality-metrics.js";
import { FIELD_NAMES, KEY_HEADER_FIELDS, type DetectionCounts, type FieldName, type ScoreCounts } from "./score-counts.js";

/** Ratios from counts. Field accuracy is over matched pairs only: misses are what recall measures. */
export function computeMetrics(counts: ScoreCounts): QualityMetrics {
  return {
    projects: detectionMetrics(counts.projects),
    indicators: detectionMetrics(counts.indicators),
    flags: detectionMetrics(counts.flags),
    fields: Object.fromEntries(
      FIELD_NAMES.map((field) => {
        const tally = counts.fields[field];
        return [field, tally.compared === 0 ? null : tally.correct / tally.compared];
      }),
    ) as Record<FieldName, number | null>,
    headerFields: keyHeaderAccuracy(counts),
    silentErrors: counts.silentErrors,
  };
}

function keyHeaderAccuracy(counts: ScoreCounts): number | null {
  const tallies = KEY_HEADER_FIELDS.map((field) => counts.fields[field]);
  const compared = tallies.reduce((sum, tally) => sum + tally.compared, 0);
  return compared === 0 ? null : tallies.reduce((sum, tally) => sum + tally.correct, 0) / compared;
}

/**
 * Precision = TP / (TP + FP), recall = TP / (TP + FN), F1 their harmonic mean. Where nothing was expected
 * and nothing found, both are 1 (a document without flags whose run raised none is right); where only one
 * side is empty, the ratio with no denominator is null and F1 follows the other.
 */
export function detectionMetrics(counts: DetectionCounts): DetectionMetrics {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = counts;
  if (tp + fp + fn === 0) return { precision: 1, recall: 1, f1: 1 };
  const precision = tp + fp === 0 ? null : tp / (tp + fp);
  const recall = tp + fn === 0 ? null : tp / (tp + fn);
  const f1 = (2 * tp) / (2 * tp + fp + fn);
  return { precision, recall, f1 };
}
