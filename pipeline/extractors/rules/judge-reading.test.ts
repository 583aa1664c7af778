import { describe, expect, it } from "vitest";
import { BLANK_PROJECT, NO_INDICATOR_EXTRAS, type ExtractedIndicator, type ExtractedProject } from "../../../schemas/extracted-project.js";
import { judgeReading } from "./judge-reading.js";
import { makeUnit, type CellSpec } from "./test-units.js";

const indicator = (level1: string, level2: string, level3: string, value: string, extras: Partial<ExtractedIndicator> = {}): ExtractedIndicator => ({
  ...NO_INDICATOR_EXTRAS,
  level1,
  level2,
  level3,
  value,
  description: null,
  basis: null,
  ...extras,
});

const project = (indicators: ExtractedIndicator[], extras: Partial<ExtractedProject> = {}): ExtractedProject => ({
  ...BLANK_PROJECT,
  projectName: "农村公路养护",
  moneyUnit: "万元",
  totalAmount: "48.00",
  fiscalAmount: "48.00",
  otherAmount: "0.00",
  goals: "养护农村公路",
  indicators,
  ...extras,
});

const header = (cells: CellSpec[]) => makeUnit("grid", [[[0, "项目名称"], [1, "农村公路养护"]], cells]);
const PLAIN = header([[0, "一级指标"], [1, "二级指标"], [2, "三级指标"], [3, "指标值"]]);

describe("judgeReading", () => {
  it("is sure of a reading whose values look like targets and whose money adds up", () => {
    const reading = project([indicator("产出指标", "数量指标", "养护里程", "≥320公里"), indicator("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%")]);
    expect(judgeReading(PLAIN, reading)).toEqual({ confidence: 1, doubts: [] });
  });

  it("doubts values that look like weights: the 38 weights a central form's last column gave", () => {
    const reading = project(["20", "30", "30", "20"].map((weight, index) => indicator("产出指标", "数量指标", `指标${index}`, weight, { weight })));
    const judged = judgeReading(PLAIN, reading);
    expect(judged.confidence).toBeLessThan(0.8);
    expect(judged.doubts).toEqual([expect.stringContaining("do not read as targets"), expect.stringContaining("equal their weights")]);
  });

  it("doubts weights that do not add up to 100 or the total the header states", () => {
    const weighted = header([[0, "一级指标"], [1, "二级指标"], [2, "三级指标"], [3, "指标值"], [4, "分值权重（90）"]]);
    const ninety = project([indicator("产出指标", "数量指标", "养护里程", "≥320公里", { weight: "50" }), indicator("产出指标", "质量指标", "优良率", "≥85%", { weight: "40" })]);
    expect(judgeReading(weighted, ninety).doubts).toEqual([]);
    const short = project([indicator("产出指标", "数量指标", "养护里程", "≥320公里", { weight: "50" }), indicator("产出指标", "质量指标", "优良率", "≥85%", { weight: "30" })]);
    expect(judgeReading(weighted, short).doubts).toEqual([expect.stringContaining("weights add up to 80, not the stated 90 or 100")]);
  });

  it("lowers confidence for each column of unknown role, and for money that does not add up", () => {
    const unknown = header([[0, "一级指标"], [1, "二级指标"], [2, "三级指标"], [3, "指标值"], [4, "风险等级"], [5, "责任科室"]]);
    const judged = judgeReading(unknown, project([indicator("产出指标", "数量指标", "养护里程", "≥320公里")], { otherAmount: "5.00" }));
    expect(judged.doubts).toEqual([
      expect.stringContaining('"风险等级" whose role is unknown'),
      expect.stringContaining('"责任科室" whose role is unknown'),
      expect.stringContaining("funding sources do not add up"),
    ]);
    expect(judged.confidence).toBeCloseTo(0.85 * 0.85 * 0.7, 3);
  });

  it("doubts level 2s under another level 1, and a reading with no name", () => {
    const judged = judgeReading(PLAIN, project([indicator("效益指标", "数量指标", "养护里程", "≥320公里")], { projectName: "" }));
    expect(judged.doubts).toEqual([expect.stringContaining("belongs under another level 1"), "no 项目名称 was found"]);
  });
});
