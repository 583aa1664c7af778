import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { NO_INDICATOR_EXTRAS, NO_PROJECT_EXTRAS, type ExtractedProject } from "../schemas/extracted-project.js";
import { completion, FakeModel, unitTextOf } from "../test/fake-model.js";
import { extractRecords } from "./extract-records.js";
import type { ExtractorContext } from "./extractors/extraction-result.js";
import { makeContext, makeUnit, type CellSpec } from "./extractors/rules/test-units.js";
import { testExtractorContext } from "./extractors/test-extractor-context.js";

const KEYS: CellSpec[][] = [
  [[0, "项目名称"], [1, "干部培训经费"]],
  [[0, "项目资金(万元)"], [1, "年度资金总额:"], [3, "19.50"]],
  [[1, "其中:财政拨款"], [3, "19.50"]],
  [[1, "其他资金"], [3, "0"]],
  [[0, "名称"], [1, "一级指标"], [2, "二级指标"], [3, "三级指标"], [4, "指标值"]],
];
const clean = makeUnit("grid", [...KEYS, [[0, "绩效指标"], [1, "产出指标"], [2, "数量指标"], [3, "培训人次"], [4, "≥300人次"]]]);
// An OCR-like misreading of 数量指标: the rules extractor cannot place it and says so.
const unsure = { ...makeUnit("grid", [...KEYS, [[0, "绩效指标"], [1, "产出指标"], [2, "效率指标"], [3, "培训人次"], [4, "≥300人次"]]]), index: 1 };

const answer: ExtractedProject = {
  ...NO_PROJECT_EXTRAS,
  projectName: "干部培训经费", projectCode: null, projectAttribute: null, projectPeriod: null, department: null, implementingUnit: null,
  moneyUnit: "万元", totalAmount: "19.50", fiscalAmount: "19.50", otherAmount: "0", fundUse: null, goals: null, spendingSchedule: null,
  indicators: [{ ...NO_INDICATOR_EXTRAS, level1: "产出指标", level2: "效率指标", level3: "培训人次", value: "≥300人次", description: null, basis: null }],
};
const fake = new FakeModel(() => completion(JSON.stringify(answer)));
beforeAll(() => fake.listen());
afterEach(() => void (fake.requests.length = 0));
afterAll(() => fake.close());

function context(): ExtractorContext {
  // The runner's judge adds validation errors; the rules' own doubts are what this test exercises.
  return testExtractorContext();
}

describe("extractRecords", () => {
  it("auto sends only the unit the rules were unsure of to the LLM, and says why", async () => {
    const { extractions } = await extractRecords({ context: makeContext("grid"), units: [clean, unsure], rows: [] }, "auto", context());
    expect(fake.requests).toHaveLength(1);
    expect(unitTextOf(fake.requests[0]!.body)).toContain("效率指标");
    expect(extractions[0]!.result!.extractor).toBe("rules");
    expect(extractions[0]!.result!.routedBecause).toBeUndefined();
    expect(extractions[1]!.result).toMatchObject({ extractor: "llm", routedBecause: [expect.stringMatching(/level 2 "效率指标" is not a known name/)] });
  });

  it("rules never calls the model, even for a unit it is unsure of", async () => {
    const { extractions } = await extractRecords({ context: makeContext("grid"), units: [clean, unsure], rows: [] }, "rules", context());
    expect(fake.requests).toHaveLength(0);
    expect(extractions[1]!.result!.uncertainties).toEqual([expect.stringMatching(/效率指标/)]);
  });

  it("llm sends every unit to the model", async () => {
    await extractRecords({ context: makeContext("grid"), units: [clean, unsure], rows: [] }, "llm", context());
    expect(fake.requests).toHaveLength(2);
  });
});
