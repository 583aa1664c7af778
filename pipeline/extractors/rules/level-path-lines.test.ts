import { describe, expect, it } from "vitest";
import type { Row } from "../../../schemas/layout.js";
import { extractFlattened } from "./flattened.js";
import { readLevelPathLine } from "./level-path-lines.js";
import { makeContext, makeRow, makeUnit } from "./test-units.js";

// Invented lines: one indicator a line, every level written out, joined however the hand typed them.
function lines(texts: readonly string[]): Row[] {
  return texts.map((text, index) => ({ ...makeRow([[0, text]], { table: undefined, y: 60 + index * 16 }), table: null, borderless: true }));
}

describe("one indicator a line, its levels joined into a path", () => {
  it.each([
    ["产出指标—数量指标—巡河次数：≥24次", "巡河次数", "≥24次"],
    ["产出指标-数量指标-巡河次数: ≥24次", "巡河次数", "≥24次"],
    ["产出指标－数量指标－巡河次数:≥24次", "巡河次数", "≥24次"],
    ["产出指标/数量指标/巡河次数：≥24次", "巡河次数", "≥24次"],
    ["产出指标 > 数量指标 > 巡河次数 ≥24次", "巡河次数", "≥24次"],
    ["1.产出指标→数量指标→巡河次数 不少于24次", "巡河次数", "不少于24次"],
    ["产出指标｜数量指标｜新建/改造站点：6个", "新建/改造站点", "6个"],
    ["产出指标、数量指标、巡河次数：≥24次", "巡河次数", "≥24次"],
    ["(1)产出指标--数量指标--巡河次数：≥24次", "巡河次数", "≥24次"],
    // A dash typed, or read by OCR, as the numeral 一.
    ["产出指标一数量指标一巡河次数:≥24次", "巡河次数", "≥24次"],
    ["产出指标一数量指标-巡河次数：≥24次", "巡河次数", "≥24次"],
  ])("reads %s", (text, name, value) => {
    expect(readLevelPathLine(text)).toEqual({ level1: "产出指标", level2: "数量指标", name, value, doubt: null });
  });

  it("keeps a name that begins with 一 after a dash joiner", () => {
    expect(readLevelPathLine("产出指标—数量指标—一次性补助发放人数：≥120人")).toMatchObject({ name: "一次性补助发放人数", value: "≥120人" });
  });

  it("reads level names written short, as written", () => {
    expect(readLevelPathLine("产出-数量-巡河次数：≥24次")).toMatchObject({ level1: "产出", level2: "数量", name: "巡河次数", value: "≥24次" });
    expect(readLevelPathLine("效益指标—社会效益—河湖水质：稳定达标")).toMatchObject({ level1: "效益指标", level2: "社会效益", name: "河湖水质" });
  });

  it("says so when the value is told from the name by its wording only, or not at all", () => {
    expect(readLevelPathLine("效益指标—社会效益指标—群众出行条件明显改善")).toMatchObject({ name: "群众出行条件", value: "明显改善", doubt: expect.stringContaining("wording only") });
    expect(readLevelPathLine("效益指标—社会效益指标—群众出行条件")).toMatchObject({ value: "", doubt: expect.stringContaining("no target value") });
  });

  it("is no path without a level-1 name, a joiner and a level-2 name at the start", () => {
    expect(readLevelPathLine("产出指标 数量指标 巡河次数 ≥24次")).toBeNull();
    expect(readLevelPathLine("年度目标：产出指标—数量指标完成")).toBeNull();
    expect(readLevelPathLine("巡河次数—数量指标—≥24次")).toBeNull();
  });

  it("reads a form whose indicators are such lines, the header above them and a wrapped line doubted", () => {
    const rows = lines([
      "项目名称：河湖长制工作经费  填报部门：某某县水利局",
      "资金总额(万元): 36.00  财政资金: 36.00",
      "年度目标: 全年巡河不少于24次，",
      "河湖水质稳定达标。",
      "产出指标/数量指标/巡河次数：≥24次",
      "产出指标/时效指标/问题整改完成时限：",
      "≤30日",
      "满意度指标/服务对象满意度指标/沿河群众满意度：≥90%",
    ]);
    const { project, uncertainties } = extractFlattened(makeUnit("flattened", rows), makeContext("flattened"));
    expect(project).toMatchObject({ projectName: "河湖长制工作经费", department: "某某县水利局", moneyUnit: "万元", totalAmount: "36.00", goals: "全年巡河不少于24次，河湖水质稳定达标。" });
    expect(project.indicators.map((indicator) => [indicator.level1, indicator.level2, indicator.level3, indicator.value])).toEqual([
      ["产出指标", "数量指标", "巡河次数", "≥24次"],
      ["产出指标", "时效指标", "问题整改完成时限", "≤30日"],
      ["满意度指标", "服务对象满意度指标", "沿河群众满意度", "≥90%"],
    ]);
    expect(uncertainties).toEqual([expect.stringContaining('"≤30日" is no level path')]);
  });

  it("reads path lines under an indicator header line too", () => {
    const rows = lines(["项目名称：河湖长制工作经费", "一级指标  二级指标  三级指标  指标值", "产出指标—数量指标—巡河次数：≥24次", "效益指标-社会效益指标-河湖水质: 稳定达标"]);
    const { project, uncertainties } = extractFlattened(makeUnit("flattened", rows), makeContext("flattened"));
    expect(project.indicators.map((indicator) => [indicator.level1, indicator.level2, indicator.level3, indicator.value])).toEqual([
      ["产出指标", "数量指标", "巡河次数", "≥24次"],
      ["效益指标", "社会效益指标", "河湖水质", "稳定达标"],
    ]);
    expect(uncertainties).toEqual([]);
  });
});
