import { describe, expect, it } from "vitest";
import { indicator, projectRecord, raisedBy, raisedOn, scopeOf } from "./test-records.js";

const box = { x: 0, y: 0, width: 60, height: 20 };

describe("ocr_low_confidence and ocr_glyph_missing", () => {
  const record = projectRecord({
    name: "农村公路养护",
    indicators: [indicator("产出指标", "数量指标", "养护里程", "≥320公里"), indicator("产出指标", "数量指标", "培训人数", "人")],
    evidence: {
      "indicators.0.value": { page: 1, text: "≥320公里", box, ocrConfidence: 0.62 },
      "indicators.0.level3": { page: 1, text: "养护里程", box, ocrConfidence: 0.99 },
      "indicators.1.value": { page: 1, text: "人", box, ocrConfidence: 0.99, ocrDoubts: ['"人" has no number although its box is 30 pt wide'] },
      goals: { page: 1, text: "养护农村公路", box, ocrConfidence: 0.3 },
    },
  });

  it("flags a checked value read below the threshold, on its own path, and not one read well or a long text", () => {
    const flags = raisedOn("ocr_low_confidence", record);
    expect(flags.map((flag) => [flag.path, flag.severity])).toEqual([["indicators.0.value", "warning"]]);
    expect(flags[0]!.message).toContain("confidence 0.62 (below 0.9)");
    expect(flags[0]!.evidence?.ocrConfidence).toBe(0.62);
  });

  it("follows the configured threshold", () => {
    expect(raisedBy("ocr_low_confidence", scopeOf([record], { ocrMinConfidence: 0.5 }), record)).toEqual([]);
  });

  it("flags a value whose box has room for a dropped digit", () => {
    expect(raisedOn("ocr_glyph_missing", record).map((flag) => flag.path)).toEqual(["indicators.1.value"]);
  });

  it("flags a sign of a dropped glyph on any field, long texts and names included (confidence is checked on fewer)", () => {
    const gap = 'the line has room for a character between "修" and "工"';
    const dropped = projectRecord({
      name: "革命旧址修工程",
      indicators: [indicator("产出指标", "数量指标", "修复点位", "1处")],
      evidence: {
        "project.name": { page: 1, text: "革命旧址修工程", box, ocrConfidence: 0.99, ocrDoubts: [gap] },
        goals: { page: 1, text: "实施革命旧址修工程", box, ocrConfidence: 0.99, ocrDoubts: [gap] },
        "indicators.0.value": { page: 1, text: "1处", box, ocrConfidence: 0.99 },
      },
    });
    expect(raisedOn("ocr_glyph_missing", dropped).map((flag) => flag.path)).toEqual(["project.name", "goals"]);
    expect(raisedOn("ocr_low_confidence", dropped)).toEqual([]);
  });

  it("judges names by which characters were read: a low step whose second choice had no chance is no doubt", () => {
    const sure = projectRecord({
      name: "农村公路养护",
      indicators: [indicator("产出指标", "质量指标", "验收合格率", "100%"), indicator("产出指标", "数量指标", "养护里程", "≥320公里")],
      evidence: {
        "indicators.0.level3": { page: 1, text: "验收合格率", box, ocrConfidence: 0.51, ocrIdentityConfidence: 0.99 },
        "indicators.1.level3": { page: 1, text: "养护里程", box, ocrConfidence: 0.62 },
      },
    });
    expect(raisedOn("ocr_low_confidence", sure).map((flag) => flag.path)).toEqual(["indicators.1.level3"]);
  });

  it("keeps the raw confidence for target values: a low step there is where a comparator or digit goes missing", () => {
    const record = projectRecord({
      name: "农村公路养护",
      indicators: [indicator("产出指标", "数量指标", "养护里程", "320公里")],
      evidence: { "indicators.0.value": { page: 1, text: "320公里", box, ocrConfidence: 0.51, ocrIdentityConfidence: 0.99 } },
    });
    expect(raisedOn("ocr_low_confidence", record).map((flag) => flag.path)).toEqual(["indicators.0.value"]);
  });

  it("raises nothing for text-layer evidence", () => {
    const plain = projectRecord({ name: "农村公路养护", indicators: [indicator("产出指标", "数量指标", "养护里程", "≥320公里")], evidence: { "indicators.0.value": { page: 1, text: "≥320公里", box } } });
    expect([...raisedOn("ocr_low_confidence", plain), ...raisedOn("ocr_glyph_missing", plain)]).toEqual([]);
  });
});
