import { describe, expect, it } from "vitest";
import { ParsedValueSchema, type Comparator, type ParsedValue, type ValuePeriod } from "../../schemas/parsed-value.js";
import { parseTargetValue } from "./parse-target-value.js";

type Expected = Omit<ParsedValue, "raw">;
type Extra = Partial<Pick<Expected, "rate" | "approximate">>;

const NOTHING: Expected = {
  kind: "empty", comparator: null, number: null, unit: null, rate: null, approximate: false, text: null, period: null,
};
function value(comparator: Comparator | null, number: string, unit: string | null, extra: Extra = {}): Expected {
  return { ...NOTHING, kind: "numeric", comparator, number, unit, ...extra };
}
function about(number: string, unit: string | null, extra: Extra = {}): Expected {
  return value(null, number, unit, { approximate: true, ...extra });
}
function words(text: string): Expected {
  return { ...NOTHING, kind: "qualitative", text };
}
function when(text: string, period: Partial<ValuePeriod> = {}): Expected {
  return { ...NOTHING, kind: "period", text, period: { year: null, quarter: null, month: null, bound: null, ...period } };
}
const EMPTY = NOTHING;

interface Row {
  readonly raw: string;
  readonly expected: Expected;
  /** Where the value was seen: DOMAIN.md, a seed (000/002/003, in NFKC form), or an edge case. */
  readonly source: string;
}
const row = (raw: string, expected: Expected, source: string): Row => ({ raw, expected, source });

// Every value listed in DOMAIN.md and every 指标值 of the three seeds, each once; seed 002's values are
// written as they arrive after NFKC and LaTeX clean-up (`$\geq 100\%$` → `≥100%`, `（批）` → `(批)`).
const ROWS: readonly Row[] = [
  // ── DOMAIN.md ──
  row("80 台", value(null, "80", "台"), "DOMAIN, 000"),
  row("100%", value(null, "100", "%"), "DOMAIN, 000, 002"),
  row("≥95%", value("≥", "95", "%"), "DOMAIN, 002"),
  row("≤9.8万元", value("≤", "9.8", "万元"), "DOMAIN"),
  row("50 次以上", value("≥", "50", "次"), "DOMAIN, 000"),
  row("30 余件", about("30", "件"), "DOMAIN, 000"),
  row("120 余人", about("120", "人"), "DOMAIN, 000"),
  row("小于 5%", value("<", "5", "%"), "DOMAIN, 000"),
  row("<1%", value("<", "1", "%"), "DOMAIN, 000"),
  row(">99%", value(">", "99", "%"), "DOMAIN, 000"),
  row("减少至 10%", value("≤", "10", "%"), "DOMAIN, 000"),
  row("4 期/年", value(null, "4", "期", { rate: "/年" }), "DOMAIN, 000"),
  row("3332元/人/月", value(null, "3332", "元", { rate: "/人/月" }), "DOMAIN"),
  row("5000 元/次", value(null, "5000", "元", { rate: "/次" }), "DOMAIN, 000"),
  row("≥100比率", value("≥", "100", "%"), "DOMAIN"),
  row("100百分比", value(null, "100", "%"), "DOMAIN, 003"),
  row("≤7工作日", value("≤", "7", "工作日"), "DOMAIN"),
  row("≤180天数", value("≤", "180", "天"), "DOMAIN"),
  row("2021年第二季度完成", when("2021年第二季度完成", { year: 2021, quarter: 2, bound: "by" }), "DOMAIN, 003"),
  row("12月", when("12月", { month: 12, bound: "at" }), "DOMAIN, 003"),
  row("11月前", when("11月前", { month: 11, bound: "by" }), "DOMAIN"),
  row("全年", when("全年"), "DOMAIN, 000"),
  row("每月", when("每月"), "DOMAIN"),
  row("每月10日前", when("每月10日前"), "holdout: a recurring deadline"),
  row("每季度末", when("每季度末"), "holdout: a recurring deadline"),
  row("每年6月底前", when("每年6月底前"), "holdout: a recurring deadline"),
  row("年末归零", words("年末归零"), "DOMAIN, 000"),
  row("显著", words("显著"), "DOMAIN, 000"),
  row("有所提升", words("有所提升"), "DOMAIN, 000"),
  row("逐步提高", words("逐步提高"), "DOMAIN, 000"),
  row("长期", words("长期"), "DOMAIN, 002"),
  row("健全", words("健全"), "DOMAIN, 002"),
  row("合格", words("合格"), "DOMAIN"),
  row("优/良好", words("优/良好"), "DOMAIN"),
  row("满意", words("满意"), "DOMAIN, 000"),
  row("$\\geq 100\\%$", value("≥", "100", "%"), "DOMAIN: converter LaTeX left in"),
  row("1000百分比", value(null, "1000", "%"), "DOMAIN, 003: implausible, parsed anyway"),
  row("95人百分比", value(null, "95", "人百分比"), "DOMAIN, 003: unknown unit kept as written"),
  row("50人", value(null, "50", "人"), "DOMAIN, 003: a 资金成本 that is not money"),

  // ── seed 000 (平罗县, grid) ──
  row("90%", value(null, "90", "%"), "000"),
  row("8 万元", value(null, "8", "万元"), "000"),
  row("5 万份", value(null, "50000", "份"), "000: 万 folded into the number"),
  row("20 万元", value(null, "20", "万元"), "000"),
  row("16 万元", value(null, "16", "万元"), "000"),
  row("45 万元", value(null, "45", "万元"), "000"),
  row("进一步提高", words("进一步提高"), "000"),
  row("80%", value(null, "80", "%"), "000"),
  row("1%", value(null, "1", "%"), "000"),
  row("20 余人", about("20", "人"), "000"),
  row("36 万元", value(null, "36", "万元"), "000"),
  row("经常保持", words("经常保持"), "000"),
  row("100 余件事项/年", about("100", "件", { rate: "/年" }), "000: noun after the unit dropped"),
  row("6 万元", value(null, "6", "万元"), "000"),
  row("长期坚持", words("长期坚持"), "000"),
  row("85%", value(null, "85", "%"), "000"),
  row("18000 册/年", value(null, "18000", "册", { rate: "/年" }), "000"),
  row("7 套", value(null, "7", "套"), "000"),
  row("7 万元", value(null, "7", "万元"), "000"),
  row("逐步提升", words("逐步提升"), "000"),
  row("稳步提升", words("稳步提升"), "000"),
  row("长期性", words("长期性"), "000"),
  row("15万元/年", value(null, "15", "万元", { rate: "/年" }), "000"),
  row("提升", words("提升"), "000, 002"),
  row("提升、规范", words("提升、规范"), "000"),
  row("逐年下降", words("逐年下降"), "000"),
  row("800余件", about("800", "件"), "000"),
  row("510余件", about("510", "件"), "000"),
  row("280余件", about("280", "件"), "000"),
  row("80个", value(null, "80", "个"), "000"),
  row("0件", value(null, "0", "件"), "000"),
  row("扎实有效", words("扎实有效"), "000"),
  row("0%", value(null, "0", "%"), "000"),
  row("45万元", value(null, "45", "万元"), "000"),
  row("3万元/个", value(null, "3", "万元", { rate: "/个" }), "000"),
  row("", EMPTY, "000: 政府公报印刷 and a 社会效益 row have no value"),

  // ── seed 002 (门源县, row list) ──
  row("≥ 30 (批)", value("≥", "30", "批"), "002"),
  row("≥ 80 次", value("≥", "80", "次"), "002"),
  row("≥ 60 次", value("≥", "60", "次"), "002"),
  row("≥ 50 人", value("≥", "50", "人"), "002"),
  row("≥ 280 人", value("≥", "280", "人"), "002"),
  row("≥100%", value("≥", "100", "%"), "002"),
  row("≥ 25 元/本", value("≥", "25", "元", { rate: "/本" }), "002"),
  row("≥ 0.5 万元", value("≥", "0.5", "万元"), "002"),
  row("≥ 0.78 万元", value("≥", "0.78", "万元"), "002"),
  row("≥4(批)次", value("≥", "4", "批次"), "002: bracketed measure word joins the unit"),
  row("≥1(批)次", value("≥", "1", "批次"), "002"),
  row("≥0.5万元", value("≥", "0.5", "万元"), "002"),
  row("≥0.7万元", value("≥", "0.7", "万元"), "002"),
  row("≥0.3万元", value("≥", "0.3", "万元"), "002"),
  row("≥ 50(批)", value("≥", "50", "批"), "002"),
  row("≥ 300人次", value("≥", "300", "人次"), "002"),
  row("≤ 0.8万元", value("≤", "0.8", "万元"), "002"),
  row("≤ 1万元", value("≤", "1", "万元"), "002"),
  row("≤ 0.6万元", value("≤", "0.6", "万元"), "002"),
  row("≥3批", value("≥", "3", "批"), "002"),
  row("≥4次", value("≥", "4", "次"), "002"),
  row("≥24人", value("≥", "24", "人"), "002"),
  row("≤1.65万元", value("≤", "1.65", "万元"), "002"),
  row("≤1.6万元", value("≤", "1.6", "万元"), "002"),
  row("≤1万元", value("≤", "1", "万元"), "002"),
  row("= 32人", value("=", "32", "人"), "002"),
  row("300元/人", value(null, "300", "元", { rate: "/人" }), "002"),
  row("9600元", value(null, "9600", "元"), "002"),
  row("12个", value(null, "12", "个"), "002"),
  row("≥142次/年", value("≥", "142", "次", { rate: "/年" }), "002"),
  row("≤4.26万元", value("≤", "4.26", "万元"), "002"),
  row("≥5%", value("≥", "5", "%"), "002"),
  row("≥300元/次", value("≥", "300", "元", { rate: "/次" }), "002"),
  row("合理", words("合理"), "002"),
  row("≥90%", value("≥", "90", "%"), "002"),
  row("≥ 150次", value("≥", "150", "次"), "002"),
  row("≥ 300人", value("≥", "300", "人"), "002"),
  row("≤150元/人次", value("≤", "150", "元", { rate: "/人次" }), "002"),
  row("20万元", value(null, "20", "万元"), "002"),
  row("有效", words("有效"), "002"),
  row("12条", value(null, "12", "条"), "002"),
  row("2台", value(null, "2", "台"), "002"),
  row("46.82万元", value(null, "46.82", "万元"), "002"),
  row("33.6万元", value(null, "33.6", "万元"), "002"),
  row("28万元", value(null, "28", "万元"), "002"),
  row("12.45万元", value(null, "12.45", "万元"), "002"),
  row("27.89万元", value(null, "27.89", "万元"), "002"),
  row("≥30户", value("≥", "30", "户"), "002"),
  row("≥15户", value("≥", "15", "户"), "002"),
  row("≥10户", value("≥", "10", "户"), "002"),
  row("≤300元/人", value("≤", "300", "元", { rate: "/人" }), "002"),
  row("≤500元/人", value("≤", "500", "元", { rate: "/人" }), "002"),
  row("≤1万元/单位", value("≤", "1", "万元", { rate: "/单位" }), "002"),
  row("≤24.6万元", value("≤", "24.6", "万元"), "002"),
  row("规范", words("规范"), "002"),
  row("27个", value(null, "27", "个"), "002"),
  row("300元/篇", value(null, "300", "元", { rate: "/篇" }), "002"),
  row("200元/篇", value(null, "200", "元", { rate: "/篇" }), "002"),
  row("2000元/单位", value(null, "2000", "元", { rate: "/单位" }), "002"),
  row("1000元/人", value(null, "1000", "元", { rate: "/人" }), "002"),
  row("26人", value(null, "26", "人"), "002"),
  row("2人", value(null, "2", "人"), "002"),
  row("307800元", value(null, "307800", "元"), "002"),
  row("270900元", value(null, "270900", "元"), "002"),
  row("≥ 28人", value("≥", "28", "人"), "002"),

  // ── seed 003 (顺平县, vertical) ──
  row("≤10百分比", value("≤", "10", "%"), "003"),
  row("优化网络环境,保障各项工作正常运转", words("优化网络环境,保障各项工作正常运转"), "003"),
  row("确保政府大院各单位网络良好运行", words("确保政府大院各单位网络良好运行"), "003"),
  row("长期较好满足工作需求", words("长期较好满足工作需求"), "003"),
  row("≥90百分比", value("≥", "90", "%"), "003"),
  row("≥1辆", value("≥", "1", "辆"), "003"),
  row("保障机关下乡、开会等工作正常开展", words("保障机关下乡、开会等工作正常开展"), "003"),
  row("≥10年", value("≥", "10", "年"), "003: a duration, not a date"),
  row("保障各项工作正常运转", words("保障各项工作正常运转"), "003"),
  row("保障单位下乡工作需求", words("保障单位下乡工作需求"), "003"),
  row("≥30台", value("≥", "30", "台"), "003"),
  row("47244人", value(null, "47244", "人"), "003"),
  row("完善防贫保险救助相关政策机制", words("完善防贫保险救助相关政策机制"), "003"),
  row("≥100百分比", value("≥", "100", "%"), "003"),
  row("30.00%", value(null, "30.00", "%"), "003 spending schedule: decimals kept as written"),
  row("60.00%", value(null, "60.00", "%"), "003 spending schedule"),
  row("100.00%", value(null, "100.00", "%"), "003 spending schedule"),
  row("10.00%", value(null, "10.00", "%"), "003 spending schedule"),
  row("40.00%", value(null, "40.00", "%"), "003 spending schedule"),
  row("70.00%", value(null, "70.00", "%"), "003 spending schedule"),

  // ── converter leftovers and edge cases ──
  row("≥ 100 %", value("≥", "100", "%"), "spaces anywhere"),
  row("≥4（批）次", value("≥", "4", "批次"), "002 before NFKC"),
  row("≥ 50（批）", value("≥", "50", "批"), "002 before NFKC"),
  row("９５％", value(null, "95", "%"), "full-width digits left over"),
  row("≥95（%）", value("≥", "95", "%"), "trailing unit annotation"),
  row("95%(%)", value(null, "95", "%"), "unit and annotation agree"),
  row("1,000", value(null, "1000", null), "thousands comma"),
  row("1,200.5万元", value(null, "1200.5", "万元"), "thousands comma with decimals"),
  row("0.5", value(null, "0.5", null), "bare decimal"),
  row("18000", value(null, "18000", null), "bare integer"),
  row("46.82", value(null, "46.82", null), "bare decimal"),
  row("007", value(null, "7", null), "leading zeros"),
  row("2亿元", value(null, "20000", "万元"), "亿元 folded into 万元"),
  row("约 30 人", about("30", "人"), "约"),
  row("100人左右", about("100", "人"), "左右"),
  row("30多人", about("30", "人"), "多"),
  row("不低于95%", value("≥", "95", "%"), "不低于"),
  row("不少于 3 次", value("≥", "3", "次"), "不少于"),
  row("至少2次", value("≥", "2", "次"), "至少"),
  row("达到95%", value("≥", "95", "%"), "达到 reads as ≥"),
  row("不超过 5 万元", value("≤", "5", "万元"), "不超过"),
  row("不高于3%", value("≤", "3", "%"), "不高于"),
  row("不大于2天", value("≤", "2", "天"), "不大于"),
  row("5%以下", value("≤", "5", "%"), "以下"),
  row("50%以内", value("≤", "50", "%"), "以内"),
  row("3个工作日内", value("≤", "3", "工作日"), "内"),
  row("低于 3%", value("<", "3", "%"), "低于"),
  row("少于2次", value("<", "2", "次"), "少于"),
  row("大于80%", value(">", "80", "%"), "大于"),
  row("高于90%", value(">", "90", "%"), "高于"),
  row("超过 20 次", value(">", "20", "次"), "超过"),
  row("降至5%", value("≤", "5", "%"), "降至"),
  row("控制在150元/人/天内", value("≤", "150", "元", { rate: "/人/天" }), "控制在 … 内 (seed 002 goal text)"),
  row("等于100%", value("=", "100", "%"), "等于"),
  row("100%完成", value(null, "100", "%"), "short noun after the unit"),
  row("12月底", when("12月底", { month: 12, bound: "by" }), "底 is a deadline"),
  row("2021年12月31日前", when("2021年12月31日前", { year: 2021, month: 12, bound: "by" }), "day dropped, raw keeps it"),
  row("年底前完成", when("年底前完成", { month: 12, bound: "by" }), "年底"),
  row("每季度", when("每季度"), "recurring"),
  row("每年2次", value(null, "2", "次", { rate: "/年" }), "每年 in front is a rate"),
  row("每月≥1期", value("≥", "1", "期", { rate: "/月" }), "每月 in front of a comparator"),
  row("≥ 1 (批) 次/年", value("≥", "1", "批次", { rate: "/年" }), "bracketed measure word with a rate"),
  row("3个月", value(null, "3", "月"), "a duration in months, not a date"),
  row("2021年", when("2021年", { year: 2021, bound: "at" }), "a bare year is a date"),
  row("第四季度", when("第四季度", { quarter: 4, bound: "at" }), "quarter without a year"),
  row("1-12月", when("1-12月"), "a month span keeps only its wording"),
  row("12个乡镇", value(null, "12", "个"), "short noun after the unit"),
  row("2名同工同酬人员", words("2名同工同酬人员"), "long noun after the unit: a sentence"),
  row("100%(含)", words("100%(含)"), "unknown bracket: not guessed"),
  row("−5%", value(null, "-5", "%"), "minus sign"),
  row("300元/位*32人=9600", words("300元/位*32人=9600"), "002 goal text: a formula is not one value"),
  row("12345政务服务便民热线正常运行", words("12345政务服务便民热线正常运行"), "sentence starting with a number"),
  row("能够长期较好地满足工作需求。", words("能够长期较好地满足工作需求"), "003 description: trailing 。 dropped"),
  row("确保 政府 大院", words("确保政府大院"), "spaces between CJK dropped"),
  row("   ", EMPTY, "whitespace only"),
  row("—", EMPTY, "placeholder dash"),
  row("8万", value(null, "8", "万"), "bare 万: unknown unit kept for the validator"),
  row("20年一遇", words("20年一遇"), "a flood-return grade names a standard, it is not 20 years"),
  row("4A级", words("4A级"), "a scenic-area rating is a grade"),
  row("3星级", words("3星级"), "a star rating is a grade"),
  row("2级标准", words("2级标准"), "a rank with a noun after it"),
  row("5类", value(null, "5", "类"), "类 counts kinds: still a quantity"),
  row("第3届", words("第3届"), "an ordinal is a name"),
  row("2届", value(null, "2", "届"), "届 counts editions of an event"),
];

describe("parseTargetValue", () => {
  it("lists each raw value once", () => {
    const raws = ROWS.map((entry) => entry.raw);
    expect(new Set(raws).size).toBe(raws.length);
  });

  it.each(ROWS)("parses $raw ($source)", ({ raw, expected }) => {
    expect(parseTargetValue(raw)).toEqual({ raw, ...expected });
  });

  it.each(ROWS)("returns a value the schema accepts for $raw", ({ raw }) => {
    expect(ParsedValueSchema.safeParse(parseTargetValue(raw)).success).toBe(true);
  });

  it("keeps the raw text unchanged, including LaTeX and full-width forms", () => {
    expect(parseTargetValue(" $\\geq 100\\%$ ").raw).toBe(" $\\geq 100\\%$ ");
  });

  it("treats text without a leading number as qualitative", () => {
    expect(parseTargetValue("确保政府大院各单位网络良好运行").kind).toBe("qualitative");
  });
});
