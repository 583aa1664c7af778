import { describe, expect, it } from "vitest";
import type { MoneyUnit } from "../../schemas/extracted-project.js";
import type { IndicatorRecord } from "../../schemas/project-record.js";
import { indicator, projectRecord, raisedOn } from "./test-records.js";

const cost = (level3: string, value: string): IndicatorRecord => indicator("产出指标", "成本指标 (必填硬性指标)", level3, value);

interface Case {
  readonly behaviour: string;
  readonly name: string;
  readonly unit: MoneyUnit;
  readonly total: string;
  readonly indicators: readonly IndicatorRecord[];
  readonly fires: boolean;
}

const CASES: readonly Case[] = [
  {
    behaviour: "stays silent when 20 + 16 = 36 万元 equals the total (seed 000 会议费)",
    name: "会议费及公务活动费",
    unit: "万元",
    total: "36.00",
    indicators: [cost("政府领导外出公务活动", "20 万元"), cost("印刷各类会议材料", "16 万元")],
    fires: false,
  },
  {
    behaviour: "fires when 20 + 17 = 37 万元 exceeds the total of 36 (seed 000 会议费, one figure changed)",
    name: "会议费及公务活动费",
    unit: "万元",
    total: "36.00",
    indicators: [cost("政府领导外出公务活动", "20 万元"), cost("印刷各类会议材料", "17 万元")],
    fires: true,
  },
  {
    behaviour: "does not add the unit price 5000 元/次 to the 36 万元 (seed 000 信访维稳)",
    name: "全国、区、市“两会”及敏感时期信访维稳和进京赴银到市驻访维稳工作经费",
    unit: "万元",
    total: "36.00",
    indicators: [cost("全国、区、市“两会”及敏感时期信访维稳和进京赴银到市驻访维稳", "36 万元"), cost("进京驻访维稳", "5000 元/次")],
    fires: false,
  },
  {
    behaviour: "does not add ≤150元/人次 (seed 002 公务接待)",
    name: "公务接待",
    unit: "万元",
    total: "20.00",
    indicators: [cost("公务接待标准", "≤150元/人次"), cost("日常市县考察、调研学习等公务接待成本", "20万元")],
    fires: false,
  },
  {
    behaviour: "converts 元 to 万元: 307800 + 270900 元 = 57.87 万元 (seed 002 公益性岗位)",
    name: "公益性岗位及同工同酬人员经费(三保支出)",
    unit: "万元",
    total: "57.87",
    indicators: [cost("同工同酬人员年保障金额", "307800元"), cost("公益性人员年保障金额", "270900元")],
    fires: false,
  },
  {
    behaviour: "fires when 元 amounts exceed a 万元 total by one 元 (seed 002 公益性岗位 with 270901元)",
    name: "公益性岗位及同工同酬人员经费(三保支出)",
    unit: "万元",
    total: "57.87",
    indicators: [cost("同工同酬人员年保障金额", "307800元"), cost("公益性人员年保障金额", "270901元")],
    fires: true,
  },
  {
    behaviour: "leaves out 300元/人 and counts 9600元 as 0.96 万元 (seed 002 退休人员慰问)",
    name: "退休人员慰问经费",
    unit: "万元",
    total: "0.96",
    indicators: [cost("慰问标准", "300元/人"), cost("慰问总金额", "9600元")],
    fires: false,
  },
  {
    behaviour: "reads 15万元/年 as the year's amount, not a unit price (seed 000 文印: 15 = 15)",
    name: "文印工作经费",
    unit: "万元",
    total: "15.00",
    indicators: [cost("购买打字印刷服务15万元,保障县政府及县政府办全年上、下行文及平行文和相关材料高效运行。", "15万元/年")],
    fires: false,
  },
  {
    behaviour: "fires when the yearly amount exceeds the total (seed 000 文印 with 16万元/年)",
    name: "文印工作经费",
    unit: "万元",
    total: "15.00",
    indicators: [cost("购买打字印刷服务15万元,保障县政府及县政府办全年上、下行文及平行文和相关材料高效运行。", "16万元/年")],
    fires: true,
  },
  {
    behaviour: "compares a 元 table with 万元 costs (seed 003 units, hypothetical cost row)",
    name: "金融服务中心办公经费",
    unit: "元",
    total: "120000.00",
    indicators: [cost("办公经费成本", "≤12万元")],
    fires: false,
  },
];

describe("money_cost_exceeds_total", () => {
  it.each(CASES)("$behaviour", ({ name, unit, total, indicators, fires }) => {
    const flags = raisedOn("money_cost_exceeds_total", projectRecord({ name, moneyUnit: unit, total, indicators }));
    expect(flags.map(({ code, severity, path }) => ({ code, severity, path }))).toEqual(
      fires ? [{ code: "money_cost_exceeds_total", severity: "error", path: "money.total" }] : [],
    );
  });

  it("lists the amounts it added and the total in the project's unit", () => {
    const [flag] = raisedOn("money_cost_exceeds_total", projectRecord({ name: CASES[1]!.name, total: "36.00", indicators: CASES[1]!.indicators }));
    expect(flag?.message).toBe(
      'Cost indicators add up to 37.00 万元 ("政府领导外出公务活动" 20 万元 + "印刷各类会议材料" 17 万元), more than the project\'s 年度资金总额 of 36.00 万元.',
    );
  });
});
