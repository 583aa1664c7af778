import { describe, expect, it } from "vitest";
import { extractRowList } from "./row-list.js";
import { makeContext, makeRow, makeUnit } from "./test-units.js";

const COLUMNS = ["单位编码", "单位及项目名称", "金额(万元)", "绩效目标", "绩效指标"];
const INDICATOR_TEXT = "一、产出指标 (一)数量指标: 1. 公务接待次数 ≥ 150次 二、效益指标 (一)社会效益指标 1. 提升知名度 提升";

describe("extractRowList", () => {
  it("reads code, name, amount, goals and indicators by the header's column names, department from the document", () => {
    const unit = makeUnit("row-list", [[[0, "7"], [1, "公务接待"], [2, "20.00"], [3, "保障接待工作正常运转。"], [4, INDICATOR_TEXT]]], COLUMNS);
    const { project, uncertainties } = extractRowList(unit, makeContext("row-list", "004 门源县政府办"));
    expect(project).toMatchObject({
      projectName: "公务接待",
      projectCode: "7",
      department: "004 门源县政府办",
      moneyUnit: "万元",
      totalAmount: "20.00",
      fiscalAmount: null,
      otherAmount: null,
      goals: "保障接待工作正常运转。",
      spendingSchedule: null,
    });
    expect(project.indicators.map((indicator) => [indicator.level2, indicator.level3, indicator.value])).toEqual([
      ["数量指标", "公务接待次数", "≥ 150次"],
      ["社会效益指标", "提升知名度", "提升"],
    ]);
    expect(uncertainties).toEqual([]);
  });

  it("joins the rest of a project row that a page break pushed to the next page", () => {
    const unit = makeUnit(
      "row-list",
      [
        makeRow([[0, "7"], [1, "公务接待"], [2, "20.00"], [3, "保障接待。"], [4, "一、产出指标 (一)数量指标: 1. 公务接待次数 ≥ 150次"]]),
        makeRow([[4, "二、效益指标 (一)社会效益指标 1. 提升知名度 提升"]], { page: 2 }),
      ],
      COLUMNS,
    );
    const { project, uncertainties } = extractRowList(unit, makeContext("row-list"));
    expect(project.indicators.map((indicator) => indicator.level3)).toEqual(["公务接待次数", "提升知名度"]);
    expect(uncertainties).toEqual([]);
  });

  it("reports an amount that is not a plain number and an item with no recognizable value", () => {
    const unit = makeUnit(
      "row-list",
      [[[0, "7"], [1, "公务接待"], [2, "约20"], [3, "保障接待。"], [4, "一、产出指标 (一)数量指标: 1. 公务接待次数若干"]]],
      COLUMNS,
    );
    const { uncertainties } = extractRowList(unit, makeContext("row-list"));
    expect(uncertainties).toEqual([
      'The amount cell "约20" is not a plain number.',
      'Project "公务接待" on page 1: the item "公务接待次数若干" has no recognizable value.',
    ]);
  });

  it("reports a row with no indicator text as not fitting the family", () => {
    const unit = makeUnit("row-list", [[[0, "7"], [1, "公务接待"], [2, "20.00"], [3, "保障接待。"]]], COLUMNS);
    const { project, uncertainties } = extractRowList(unit, makeContext("row-list"));
    expect(project.indicators).toEqual([]);
    expect(uncertainties).toEqual([expect.stringContaining("has no indicator text")]);
  });
});
