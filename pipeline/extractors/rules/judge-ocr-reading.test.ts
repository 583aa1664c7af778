import { describe, expect, it } from "vitest";
import { BLANK_PROJECT, NO_INDICATOR_EXTRAS, type ExtractedProject } from "../../../schemas/extracted-project.js";
import type { ProjectUnit } from "../../../schemas/project-unit.js";
import { judgeReading } from "./judge-reading.js";
import { makeUnit } from "./test-units.js";

/** A one-indicator grid unit whose value cell was OCR'd with the given per-character confidences. */
function scannedUnit(value: string, characters: number[]): ProjectUnit {
  const unit = makeUnit("grid", [
    [[0, "项目名称"], [1, "农村公路养护"]],
    [[0, "一级指标"], [1, "二级指标"], [2, "三级指标"], [3, "指标值"]],
    [[0, "产出指标"], [1, "数量指标"], [2, "养护里程"], [3, value]],
  ]);
  const rows = unit.rows.map((row, index) =>
    index === 2 ? { ...row, cells: row.cells.map((cell) => (cell.text === value ? { ...cell, ocr: { confidence: Math.min(...characters), characters } } : cell)) } : row,
  );
  return { ...unit, rows };
}

const reading = (value: string): ExtractedProject => ({
  ...BLANK_PROJECT,
  projectName: "农村公路养护",
  goals: "养护农村公路",
  indicators: [{ ...NO_INDICATOR_EXTRAS, level1: "产出指标", level2: "数量指标", level3: "养护里程", value, description: null, basis: null }],
});

describe("judgeReading on OCR'd values", () => {
  it("is unsure of a value read with a character below the threshold, so auto routes it", () => {
    const judged = judgeReading(scannedUnit("<0.8万元", [0.42, 0.99, 0.99, 0.99, 0.99, 0.99]), reading("<0.8万元"), { ocrMinConfidence: 0.9 });
    expect(judged.confidence).toBe(0.5);
    expect(judged.doubts).toEqual([expect.stringContaining("OCR is unsure of 1 value (e.g. indicators.0.value")]);
  });

  it("is sure of the same value read confidently, and follows the configured threshold", () => {
    expect(judgeReading(scannedUnit("≤0.8万元", [0.97, 0.99, 0.99, 0.99, 0.99, 0.99]), reading("≤0.8万元"), { ocrMinConfidence: 0.9 }).doubts).toEqual([]);
    expect(judgeReading(scannedUnit("<0.8万元", [0.42, 0.99, 0.99, 0.99, 0.99, 0.99]), reading("<0.8万元"), { ocrMinConfidence: 0.4 }).doubts).toEqual([]);
  });
});
