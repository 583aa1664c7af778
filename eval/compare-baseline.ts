import type { BaselineComparison, BaselineReport, MetricChange } from "./eval-report.js";
import { UNGATED_PREFIX } from "./flatten-metrics.js";

/** The default gate: a quality metric may drop by at most half a percentage point. */
export const DEFAULT_TOLERANCE = 0.005;

/** Float noise in ratios like 19/20 − 18/19 must never decide the gate. */
const EPSILON = 1e-9;

/**
 * Every metric of this run against the baseline's. A quality metric regresses when it drops by more than
 * `tolerance`, or when it had a value and now has none (nothing found any more); cost and time metrics are
 * listed with their change but never gate. Metrics only one side has are `new` or `removed`, not regressions:
 * a rendition or gold document added or removed changes what is measured, not how well.
 */
export function compareBaseline(
  current: Readonly<Record<string, number | null>>,
  baseline: BaselineReport,
  options: { readonly file: string; readonly tolerance: number },
): BaselineComparison {
  const keys = [...new Set([...Object.keys(baseline.metrics), ...Object.keys(current)])].sort();
  const changes = keys.map((metric): MetricChange => {
    const gated = isGated(metric);
    const inBaseline = Object.hasOwn(baseline.metrics, metric);
    const inCurrent = Object.hasOwn(current, metric);
    const before = inBaseline ? (baseline.metrics[metric] ?? null) : null;
    const after = inCurrent ? (current[metric] ?? null) : null;
    const change = before !== null && after !== null ? after - before : null;
    const base = { metric, baseline: before, current: after, change, gated };
    if (!inBaseline) return { ...base, status: "new" };
    if (!inCurrent) return { ...base, status: "removed" };
    if (gated && before !== null && (after === null || before - after > options.tolerance + EPSILON)) return { ...base, status: "regressed" };
    if (before === after || (change !== null && Math.abs(change) <= EPSILON)) return { ...base, status: "unchanged" };
    if (gated && change !== null && change > 0) return { ...base, status: "improved" };
    return { ...base, status: "changed" };
  });
  return {
    file: options.file,
    baselineCreatedAt: baseline.createdAt,
    baselineCommit: baseline.git.commit,
    tolerance: options.tolerance,
    regressions: changes.filter((change) => change.status === "regressed").length,
    changes,
  };
}

function isGated(metric: string): boolean {
  return !(metric.split("/").at(-1) ?? "").startsWith(UNGATED_PREFIX);
}
