import { describe, expect, it } from "vitest";
import type { IndicatorRecord } from "../../schemas/project-record.js";
import { indicator, projectRecord, projectUnit, raisedBy, raisedOn, scopeOf } from "./test-records.js";

function weighted(weights: ReadonlyArray<string | null>): IndicatorRecord[] {
  return weights.map((weight, index) => ({
    ...indicator("产出指标", "数量指标", `巡查次数${index + 1}`, "≥12次"),
    weight: weight === null ? null : { raw: weight, number: weight },
  }));
}

describe("weights_sum_mismatch", () => {
  it("stays silent when the weights add up to 100, decimals included", () => {
    expect(raisedOn("weights_sum_mismatch", projectRecord({ name: "河道保洁", indicators: weighted(["40", "32.5", "27.5"]) }))).toEqual([]);
  });

  it("warns when they add up to 110 (a repeated row) and says by how much", () => {
    const flags = raisedOn("weights_sum_mismatch", projectRecord({ name: "河道保洁", indicators: weighted(["40", "30", "30", "10"]) }));
    expect(flags).toEqual([
      expect.objectContaining({ severity: "warning", path: "indicators", message: "The weights of the 4 indicators add up to 110, not the 100 points of the form." }),
    ]);
  });

  it("holds the weights to the total their column header states (分值权重（90）, 权重(满分90分))", () => {
    for (const header of ["分值权重（90）", "权重(满分90分)", "指标分值 （ 90 ）"]) {
      const record = projectRecord({ name: "物资储备", indicators: weighted(["50", "40"]) });
      const units = [projectUnit(0, [["一级指标", "二级指标", "三级指标", "指标值", header]])];
      expect(raisedBy("weights_sum_mismatch", scopeOf([record], { units }), record)).toEqual([]);
      const short = projectRecord({ name: "物资储备", indicators: weighted(["50", "45"]) });
      expect(raisedBy("weights_sum_mismatch", scopeOf([short], { units }), short)[0]?.message).toContain("not the 90 points its weight column states");
    }
  });

  it("does not judge weights it cannot sum: one missing (merged per group), or not a plain number", () => {
    expect(raisedOn("weights_sum_mismatch", projectRecord({ name: "河道保洁", indicators: weighted(["40", null, "30"]) }))).toEqual([]);
    expect(raisedOn("weights_sum_mismatch", projectRecord({ name: "河道保洁", indicators: weighted(["40", "三十"]) }))).toEqual([]);
    expect(raisedOn("weights_sum_mismatch", projectRecord({ name: "河道保洁", indicators: weighted([null, null]) }))).toEqual([]);
  });
});
