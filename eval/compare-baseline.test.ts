import { describe, expect, it } from "vitest";
import { compareBaseline, DEFAULT_TOLERANCE } from "./compare-baseline.js";
import type { BaselineReport } from "./eval-report.js";

const baseline = (metrics: Record<string, number | null>): BaselineReport => ({ createdAt: "2026-01-01T00:00:00.000Z", git: { commit: "abc" }, metrics });
const options = { file: "baseline.json", tolerance: DEFAULT_TOLERANCE };
const F1 = "overall/text-layer/indicators.f1";

describe("compareBaseline", () => {
  it("fails a quality metric that drops by more than the tolerance", () => {
    const comparison = compareBaseline({ [F1]: 0.9 }, baseline({ [F1]: 0.95 }), options);
    expect(comparison.regressions).toBe(1);
    expect(comparison.changes).toEqual([{ metric: F1, baseline: 0.95, current: 0.9, change: expect.closeTo(-0.05, 9), gated: true, status: "regressed" }]);
  });

  it("passes a drop within the tolerance, and a drop of exactly the tolerance despite float noise", () => {
    expect(compareBaseline({ [F1]: 0.997 }, baseline({ [F1]: 1 }), options).regressions).toBe(0);
    expect(compareBaseline({ [F1]: 0.1 + 0.2 - 0.005 }, baseline({ [F1]: 0.3 }), options).regressions).toBe(0);
    expect(compareBaseline({ [F1]: 0.99 }, baseline({ [F1]: 1 }), { ...options, tolerance: 0.02 }).regressions).toBe(0);
  });

  it("fails a quality metric that had a value and now has none", () => {
    const precision = "overall/text-layer/indicators.precision";
    expect(compareBaseline({ [precision]: null }, baseline({ [precision]: 0.8 }), options).changes[0]!.status).toBe("regressed");
  });

  it("shows cost and time changes without gating on them", () => {
    const price = "overall/text-layer/cost.priceUsd";
    const comparison = compareBaseline({ [price]: 2 }, baseline({ [price]: 1 }), options);
    expect(comparison.regressions).toBe(0);
    expect(comparison.changes[0]).toMatchObject({ gated: false, status: "changed", change: 1 });
  });

  it("marks metrics only one side has as new or removed, not as regressions", () => {
    const scanned = "overall/scanned/indicators.f1";
    const comparison = compareBaseline({ [scanned]: 0.4 }, baseline({ [F1]: 1 }), options);
    expect(comparison.regressions).toBe(0);
    expect(comparison.changes.map((change) => [change.metric, change.status])).toEqual([
      [scanned, "new"],
      [F1, "removed"],
    ]);
  });

  it("calls a rise improved and an equal value unchanged", () => {
    const recall = "overall/text-layer/indicators.recall";
    const comparison = compareBaseline({ [F1]: 1, [recall]: 0.5 }, baseline({ [F1]: 0.9, [recall]: 0.5 }), options);
    expect(comparison.changes.map((change) => change.status)).toEqual(["improved", "unchanged"]);
  });
});
