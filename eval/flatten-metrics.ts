import type { ScopeScore } from "./eval-report.js";
import { FIELD_NAMES } from "./score-counts.js";

/** Metric names that are cost or time: shown in a baseline comparison, never gated (lower is better, and they vary by machine). */
export const UNGATED_PREFIX = "cost.";

/**
 * One scope's numbers as flat `metric → value` entries (`indicators.f1`, `fields.level2`, `cost.priceUsd`),
 * prefixed with `scope/rendition/`. Flat keys make a baseline comparison a plain walk over two maps, and a
 * metric that appears or disappears between versions is simply new or removed.
 */
export function flattenMetrics(prefix: string, score: ScopeScore): Record<string, number | null> {
  const flat: Record<string, number | null> = {};
  for (const kind of ["projects", "indicators", "flags"] as const) {
    for (const ratio of ["precision", "recall", "f1"] as const) flat[`${prefix}/${kind}.${ratio}`] = score.metrics[kind][ratio];
  }
  for (const field of FIELD_NAMES) flat[`${prefix}/fields.${field}`] = score.metrics.fields[field];
  flat[`${prefix}/headerFields`] = score.metrics.headerFields;
  // Gated like the ratios, so stored as a share of sure values: 1 − silent errors / indicators expected.
  const expected = score.counts.indicators.truePositives + score.counts.indicators.falseNegatives;
  flat[`${prefix}/silentErrorFree`] = expected === 0 ? null : 1 - score.counts.silentErrors / expected;
  const cost = score.cost;
  flat[`${prefix}/${UNGATED_PREFIX}llmCalls`] = cost.llmCalls;
  flat[`${prefix}/${UNGATED_PREFIX}cacheHits`] = cost.cacheHits;
  flat[`${prefix}/${UNGATED_PREFIX}promptTokens`] = cost.promptTokens;
  flat[`${prefix}/${UNGATED_PREFIX}completionTokens`] = cost.completionTokens;
  flat[`${prefix}/${UNGATED_PREFIX}priceUsd`] = score.priceUsd;
  flat[`${prefix}/${UNGATED_PREFIX}msPerDocument`] = cost.documents === 0 ? null : cost.durationMs / cost.documents;
  return flat;
}
