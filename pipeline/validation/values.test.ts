import { describe, expect, it } from "vitest";
import type { FlagCode } from "../../schemas/flag-codes.js";
import type { IndicatorRecord } from "../../schemas/project-record.js";
import { indicator, projectRecord, raisedOn } from "./test-records.js";

interface Case {
  readonly behaviour: string;
  readonly indicator: IndicatorRecord;
  /** The value rules expected to fire on `indicators.0.value`. */
  readonly codes: readonly FlagCode[];
}

const VALUE_CODES: readonly FlagCode[] = [
  "value_empty",
  "value_percent_over_100",
  "value_cost_not_money",
  "value_unit_unknown",
  "value_satisfaction_not_percent",
];

const CASES: readonly Case[] = [
  // Seed 000 政务公开: the 政府公报印刷 cost row lost its value to a column shift.
  { behaviour: "flags an empty value (seed 000 政务公开 政府公报印刷)", indicator: indicator("产出指标", "成本指标 (必填硬性指标)", "政府公报印刷", ""), codes: ["value_empty"] },
  { behaviour: "stays silent on the cost row next to it (7 万元)", indicator: indicator("产出指标", "成本指标 (必填硬性指标)", "政务公开宣传资料印刷", "7 万元"), codes: [] },
  { behaviour: "treats a placeholder dash as empty", indicator: indicator("产出指标", "质量指标", "政府公报印制合格率", "—"), codes: ["value_empty"] },

  // Seed 003 政府大型公务活动 (办公设备): 1000百分比 on a 及时率.
  { behaviour: "flags 1000百分比 on 资金支付及时率 (seed 003)", indicator: indicator("产出指标", "时效指标", "资金支付及时率", "1000百分比", { description: "及时率" }), codes: ["value_percent_over_100"] },
  { behaviour: "stays silent on 100百分比 on 资金拨付及时率 (seed 003 电费 table)", indicator: indicator("产出指标", "时效指标", "资金拨付及时率", "100百分比"), codes: [] },
  { behaviour: "stays silent on ≥100% on a rate (seed 002)", indicator: indicator("产出指标", "时效指标", "信访档案整理及时率", "$\\geq 100\\%$"), codes: [] },
  { behaviour: "reads the rate from the description column too", indicator: indicator("产出指标", "质量指标", "验收情况", "≥190百分比", { description: "装备验收合格率" }), codes: ["value_percent_over_100"] },

  // Seed 003 防贫保险: 资金成本 50人.
  { behaviour: "flags a cost indicator in people: 资金成本 50人 (seed 003)", indicator: indicator("产出指标", "成本指标", "资金成本", "50人"), codes: ["value_cost_not_money"] },
  { behaviour: "stays silent on a cost in money: 督查经费成本 ≤4.26万元 (seed 002)", indicator: indicator("产出指标", "成本指标", "督查经费成本", "≤4.26万元"), codes: [] },
  { behaviour: "notes a cost written as a rate: 督查经费成本节约率 ≥5% (seed 002)", indicator: indicator("产出指标", "成本指标", "督查经费成本节约率", "≥5%"), codes: ["value_cost_not_money"] },
  { behaviour: "stays silent on a cost unit price: 督查加油费 ≥300元/次 (seed 002)", indicator: indicator("产出指标", "成本指标", "督查加油费", "≥300元/次"), codes: [] },
  { behaviour: "flags a qualitative cost value (seed 000 政务公开: the shifted row puts 政府公报印刷 in the value column)", indicator: indicator("产出指标", "成本指标 (必填硬性指标)", "", "政府公报印刷"), codes: ["value_cost_not_money"] },
  { behaviour: "leaves 社会成本指标 in words alone (newer template)", indicator: indicator("成本指标", "社会成本指标", "对周边环境的影响", "无明显影响"), codes: [] },

  // Seed 003 防贫保险: 95人百分比.
  { behaviour: "flags a unit that is two units run together: 95人百分比 (seed 003)", indicator: indicator("效益指标", "社会效益指标", "提高贫困人口生活水平率", "95人百分比"), codes: ["value_unit_unknown"] },
  { behaviour: "stays silent on 47244人 next to it (seed 003)", indicator: indicator("产出指标", "数量指标", "覆盖人口数量", "47244人"), codes: [] },
  { behaviour: "accepts the template's unit spellings 天数 and 百分比", indicator: indicator("产出指标", "时效指标", "办结时限", "≤180天数"), codes: [] },

  // Satisfaction targets.
  { behaviour: "flags a satisfaction target counted in people (seed 002 退休人员慰问, the = 32人 of the row above)", indicator: indicator("满意度指标", "服务对象满意度指标", "被慰问人员满意度", "= 32人"), codes: ["value_satisfaction_not_percent"] },
  { behaviour: "stays silent on ≥100% satisfaction (seed 002 退休人员慰问)", indicator: indicator("满意度指标", "服务对象满意度指标", "被慰问人员满意度", "≥100%"), codes: [] },
  { behaviour: "stays silent on a qualitative satisfaction: 满意 (seed 000 会议费)", indicator: indicator("满意度指标", "服务对象满意度指标 (必填)", "人民群众满意度", "满意"), codes: [] },
  { behaviour: "stays silent on ≥90百分比 (seed 003)", indicator: indicator("满意度指标", "服务对象满意度指标", "使用人员满意度(%)", "≥90百分比"), codes: [] },
  { behaviour: "recognises satisfaction by its name outside 满意度指标 too", indicator: indicator("效益指标", "社会效益指标", "群众满意度", "12月"), codes: ["value_satisfaction_not_percent"] },
];

describe("value rules", () => {
  it.each(CASES)("$behaviour", ({ indicator: row, codes }) => {
    const record = projectRecord({ name: "2021年防贫保险救助资金", indicators: [row] });
    const raised = VALUE_CODES.flatMap((code) => raisedOn(code, record));
    expect(raised.map((flag) => flag.code)).toEqual(codes);
    for (const flag of raised) expect(flag.path).toBe("indicators.0.value");
  });

  it("explains the impossible percentage in the indicator's own words", () => {
    const record = projectRecord({ name: "政府大型公务活动项目经费", indicators: [CASES[3]!.indicator] });
    expect(raisedOn("value_percent_over_100", record)[0]).toMatchObject({
      severity: "error",
      message: 'Indicator "资金支付及时率" (时效指标) is a rate, but its target "1000百分比" is 1000%, above 100%.',
    });
  });

  it.each([
    ["value_empty", "产出指标", "成本指标 (必填硬性指标)", "政府公报印刷", "", "warning"],
    ["value_cost_not_money", "产出指标", "成本指标", "资金成本", "50人", "error"],
    ["value_cost_not_money", "产出指标", "成本指标", "督查经费成本节约率", "≥5%", "info"],
    ["value_unit_unknown", "效益指标", "社会效益指标", "提高贫困人口生活水平率", "95人百分比", "warning"],
    ["value_satisfaction_not_percent", "满意度指标", "服务对象满意度指标", "被慰问人员满意度", "= 32人", "warning"],
  ] as const)("raises %s on %s/%s %s = %s as %s", (code, level1, level2, level3, value, severity) => {
    const record = projectRecord({ name: "2021年防贫保险救助资金", indicators: [indicator(level1, level2, level3, value)] });
    expect(raisedOn(code, record).map((flag) => flag.severity)).toEqual([severity]);
  });

  it("takes the value's evidence from the record when the builder found its cell", () => {
    const evidence = { "indicators.0.value": { page: 7, text: "50人", box: null } };
    const record = projectRecord({ name: "2021年防贫保险救助资金", indicators: [CASES[7]!.indicator], evidence });
    expect(raisedOn("value_cost_not_money", record)[0]?.evidence).toEqual({ page: 7, text: "50人", box: null });
  });
});
