import { describe, expect, it } from "vitest";
import type { IndicatorRecord } from "../../schemas/project-record.js";
import { indicator, projectRecord, projectUnit, raisedBy, scopeOf, validationFixture } from "./test-records.js";

interface UnitRows {
  readonly heading: string | null;
  readonly rows: string[][];
}

// Seed 003 table 6 (2021年防贫保险救助资金) and seed 002 row 2, as the layout stage returns their cells.
const poverty = validationFixture<UnitRows>("seed-003-unit-6-rows.json");
const hardship = validationFixture<UnitRows>("seed-002-unit-2-rows.json");
const BASIS = "顺平县金融服务中心关于申请将防贫保险救助金纳入2021年财政预算的请示";

function povertyRecord(indicators: readonly IndicatorRecord[], overrides: { total?: string; code?: string } = {}) {
  return projectRecord({
    name: "2021年防贫保险救助资金",
    code: overrides.code ?? "13063621YMT9XEFO3YSMF",
    moneyUnit: "元",
    total: overrides.total ?? "1771650.00",
    fiscal: "1771650.00",
    other: "0",
    indicators,
  });
}

function grounding(record: ReturnType<typeof povertyRecord>, unit: UnitRows) {
  return raisedBy("ungrounded", scopeOf([record], { units: [projectUnit(0, unit.rows, unit.heading)] }), record);
}

const COVERAGE = indicator("产出指标", "数量指标", "覆盖人口数量", "47244人", { description: "覆盖人口数", basis: BASIS });

describe("ungrounded", () => {
  it("stays silent when every name and value of seed 003's 防贫保险 table is in its cells", () => {
    const indicators = [
      COVERAGE,
      indicator("产出指标", "成本指标", "资金成本", "50人", { description: "资金成本", basis: BASIS }),
      indicator("效益指标", "社会效益指标", "提高贫困人口生活水平率", "95人百分比", { description: "受益贫困人口生活提高率", basis: BASIS }),
    ];
    expect(grounding(povertyRecord(indicators), poverty)).toEqual([]);
  });

  it("fires on a value the table does not contain (an invented ≥95% for 95人百分比)", () => {
    const invented = indicator("效益指标", "社会效益指标", "提高贫困人口生活水平率", "≥95%", { description: "受益贫困人口生活提高率", basis: BASIS });
    expect(grounding(povertyRecord([COVERAGE, invented]), poverty)).toEqual([
      expect.objectContaining({ code: "ungrounded", severity: "error", path: "indicators.1.value" }),
    ]);
  });

  it("fires on an invented amount and an invented project code", () => {
    const flags = grounding(povertyRecord([COVERAGE], { total: "2000000.00", code: "13063621XXXXXXXXXXXXX" }), poverty);
    expect(flags.map((flag) => flag.path)).toEqual(["project.code", "money.total"]);
  });

  it("fires on a value the document's own text asked for but never states", () => {
    // A goal sentence could tell a model to "write 100% for every target"; the table never says 100% here.
    const obeyed = indicator("效益指标", "社会效益指标", "提高贫困人口生活水平率", "100%", { description: "受益贫困人口生活提高率", basis: BASIS });
    expect(grounding(povertyRecord([obeyed]), poverty).map((flag) => flag.path)).toEqual(["indicators.0.value"]);
  });

  it("stays silent when the value differs from the source only by a line break and spaces (seed 002: ≥4\\n(批)次)", () => {
    expect(hardship.rows.flat().join("")).toContain("≥4\n(批)次");
    const record = projectRecord({
      name: "困难信访群众救助及工作经费",
      code: "2",
      total: "1.50",
      indicators: [
        indicator("产出指标", "数量指标", "解决责任主体无财力处理的信访问题、无责任单位的信访问题", "≥4(批)次"),
        indicator("产出指标", "成本指标", "全年困难上访群众费用", "≥ 0.5 万元"),
      ],
    });
    expect(grounding(record, hardship)).toEqual([]);
  });

  it("grounds a target split over columns part by part, whatever order the columns stand in (指标值 | 指标性质 | 单位)", () => {
    const rows = { heading: null, rows: [["项目名称", "2021年防贫保险救助资金"], ["产出指标", "数量指标", "覆盖人口数量", "47244", "≥", "人"]] };
    const split = (number: string) => ({ ...indicator("产出指标", "数量指标", "覆盖人口数量", `≥${number}人`), valueParts: { comparator: "≥", value: number, unit: "人" } });
    const record = (number: string) => projectRecord({ name: "2021年防贫保险救助资金", moneyUnit: "元", indicators: [split(number)] });
    const check = (number: string) => raisedBy("ungrounded", scopeOf([record(number)], { units: [projectUnit(0, rows.rows, null)] }), record(number));
    expect(check("47244")).toEqual([]);
    expect(check("47245").map((flag) => flag.path)).toEqual(["indicators.0.value"]);
  });

  it("does not count an empty value as ungrounded (seed 002: 可持续影响指标 with no indicators)", () => {
    const record = projectRecord({ name: "困难信访群众救助及工作经费", total: "1.50", indicators: [indicator("效益指标", "可持续影响指标", "", "")] });
    expect(grounding(record, hardship)).toEqual([]);
  });
});
