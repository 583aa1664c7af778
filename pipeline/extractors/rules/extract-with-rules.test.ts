import { describe, expect, it } from "vitest";
import { ExtractedProjectSchema, type ExtractedIndicator } from "../../../schemas/extracted-project.js";
import { compact } from "../../domain/cell-text.js";
import { extractWithRules } from "./extract-with-rules.js";
import { segmentFixture, type FixtureName } from "./test-units.js";

async function extractFixture(name: FixtureName) {
  const document = await segmentFixture(name);
  return document.units.map((unit) => ({ unit, ...extractWithRules(unit, document.context) }));
}

const find = (indicators: readonly ExtractedIndicator[], level3: string, level2Prefix = "") =>
  indicators.filter((indicator) => indicator.level3 === level3 && indicator.level2.startsWith(level2Prefix));

describe("extractWithRules on the fixture PDFs", () => {
  it.each<[FixtureName, number, number]>([
    ["grid", 8, 91],
    ["rowList", 11, 146],
    ["vertical", 6, 37],
  ])("reads every project and indicator of the %s fixture, sure of every unit", async (name, projects, indicators) => {
    const results = await extractFixture(name);
    expect(results).toHaveLength(projects);
    expect(results.reduce((sum, result) => sum + result.project.indicators.length, 0)).toBe(indicators);
    expect(results.flatMap((result) => result.uncertainties)).toEqual([]);
    for (const result of results) ExtractedProjectSchema.parse(result.project);
  });

  it("outputs only text that occurs in the unit's cells or its context rows", async () => {
    for (const name of ["grid", "rowList", "vertical"] as const) {
      const document = await segmentFixture(name);
      for (const { unit, project } of await extractFixture(name)) {
        const source = compact([...unit.rows, ...unit.contextRows].flatMap((row) => row.cells.map((cell) => cell.text)).join(""));
        const strings = [
          project.projectName, project.projectCode, project.projectAttribute, project.projectPeriod, project.implementingUnit,
          project.totalAmount, project.fiscalAmount, project.otherAmount, project.fundUse, project.goals,
          ...(project.spendingSchedule ?? []).flatMap((entry) => [entry.checkpoint, entry.percent]),
          ...project.indicators.flatMap((indicator) => [indicator.level1, indicator.level2, indicator.level3, indicator.value, indicator.description, indicator.basis]),
        ];
        for (const text of strings) if (text) expect(source).toContain(compact(text));
        if (project.department !== document.context.department) expect(source).toContain(compact(project.department ?? ""));
      }
    }
  });

  it("recovers the grid fixture's shifted rows by content and invents no value for the misplaced cost row", async () => {
    const results = await extractFixture("grid");
    const meetings = results[1]!.project.indicators;
    expect(find(meetings, "印刷各类会议材料", "成本指标")).toEqual([
      expect.objectContaining({ level1: "产出指标", value: "16 万元" }),
    ]);
    const petitions = results[3]!.project.indicators;
    expect(find(petitions, "信访事项按期办结率")).toEqual([expect.objectContaining({ level1: "产出指标", level2: "时效指标 (必填)", value: "100%" })]);
    expect(find(petitions, "推动解决信访事项, 维护社会合法权益")).toEqual([
      expect.objectContaining({ level1: "效益指标", level2: "社会效益指标 (必填)", value: "逐步提高" }),
    ]);
    const publicity = results[5]!.project.indicators;
    expect(find(publicity, "政府公报印刷", "成本指标")).toEqual([expect.objectContaining({ level1: "产出指标", value: "" })]);
    expect(find(publicity, "政务公开宣传资料印刷")).toEqual([expect.objectContaining({ level2: "成本指标 (必填硬性指标)", value: "7 万元" })]);
    const rewards = results[7]!.project.indicators;
    expect(find(rewards, "进一步推动是要解决、维护群众合法权益,确保社会和谐稳定").map((indicator) => [indicator.level2, indicator.value])).toEqual([
      ["社会效益指标(必填)", ""],
      ["可持续影响指标(必填)", "逐步提高"],
    ]);
  });

  it("reads the vertical fixture's money in 元, fund use and spending schedule with empty checkpoints as null", async () => {
    const car = (await extractFixture("vertical"))[2]!.project;
    expect(car).toMatchObject({
      projectName: "购置公务用车项目经费",
      projectCode: "13063621GNTKS9WIPUKRG",
      department: "434001顺平县人民政府办公室(本级)",
      moneyUnit: "元",
      totalAmount: "180000.00",
      otherAmount: "0",
      fundUse: "购置9座客车一辆",
    });
    expect(car.spendingSchedule?.map((entry) => entry.percent)).toEqual([null, "100.00%", null, null]);
  });

  it("reads the row-list fixture's flowing paragraph and its department from the document", async () => {
    const second = (await extractFixture("rowList"))[1]!.project;
    expect(second).toMatchObject({ projectCode: "2", department: "004 门源县政府办", moneyUnit: "万元", totalAmount: "1.50" });
    expect(second.indicators[1]).toMatchObject({ level2: "数量指标", value: "≥4(批)次" });
    expect(second.indicators.at(-1)).toMatchObject({ level1: "效益指标", level2: "社会效益指标", level3: "化解矛盾纠纷" });
  });
});
