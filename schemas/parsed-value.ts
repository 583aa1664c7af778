import { z } from "zod";
import { MoneyUnitSchema, type MoneyUnit } from "./extracted-project.js";

export type { MoneyUnit };

/**
 * Units a parsed 指标值 may carry after normalization. A unit outside this list is kept exactly as
 * written (e.g. `95人百分比` → `人百分比`) so that a validator can flag it instead of the parser guessing.
 */
export const NORMALIZED_UNITS = [
  "%", "‰", "百分点",
  "万元", "元",
  "次", "人", "人次", "人天", "台", "个", "件", "项", "天", "工作日", "小时", "分钟", "周", "月", "季度", "年",
  "期", "册", "套", "份", "户", "批", "批次", "条", "篇", "辆", "本", "家", "名", "位", "场", "所", "处",
  "座", "张", "部", "块", "间", "亩", "公里", "米", "平方米", "吨", "种", "类", "头", "只", "株", "棵", "台次",
  "度", "千瓦时", "公顷", "立方米", "平方公里", "千克", "公斤", "升", "学时", "课时", "班", "栋", "盏", "所次", "场次", "册次",
  // Classifiers of counted things and events that targets use (案件 起/宗/例, 船 艘, 画 幅 …) and their 次 forms.
  "起", "宗", "例", "艘", "幅", "架", "枚", "根", "节", "门", "组", "支", "队", "轮", "站", "段", "片", "颗", "粒", "箱", "袋",
  "瓶", "对", "双", "首", "集", "部次", "家次", "户次", "车次", "架次", "件次", "项次", "期次", "班次", "队次", "处次", 
  "人年", "人月", "工日", "千米", "厘米", "毫米", "平方千米", "千瓦", "兆瓦", "毫克", "克", "毫升", "立方",
  // Recurring events counted by their editions or sessions (第3届 文化节, 2堂 课, 4趟 巡查).
  "届", "届次", "堂", "趟", "回",
] as const;
export type NormalizedUnit = (typeof NORMALIZED_UNITS)[number];

/**
 * Spellings seen in documents, mapped to their normalized unit. Every normalized unit also maps to
 * itself, so a lookup in this table alone answers "is this unit known?".
 * 百分比/比率 are how Hebei's template prints `%`; 人数/天数 are the quantity name leaking into the unit.
 */
export const UNIT_ALIASES: Readonly<Record<string, NormalizedUnit>> = Object.freeze({
  ...Object.fromEntries(NORMALIZED_UNITS.map((unit) => [unit, unit])),
  "％": "%",
  百分比: "%",
  百分率: "%",
  比率: "%",
  比例: "%",
  个百分点: "百分点",
  人数: "人",
  "人·次": "人次",
  天数: "天",
  日: "天",
  个工作日: "工作日",
  工作日数: "工作日",
  个小时: "小时",
  个月: "月",
  个季度: "季度",
  次数: "次",
  户数: "户",
  件数: "件",
  个数: "个",
  台数: "台",
  辆数: "辆",
  套数: "套",
  批数: "批",
  平米: "平方米",
  平方: "平方米",
  "m²": "平方米",
  "m2": "平方米",
  km: "公里",
  kg: "千克",
  t: "吨",
  "m³": "立方米",
  方: "立方米",
  "kWh": "千瓦时",
} satisfies Record<string, NormalizedUnit>);

/** Resolve a written unit to its normalized form, or `null` when the unit is not one we know. */
export function normalizeUnit(written: string): NormalizedUnit | null {
  return Object.hasOwn(UNIT_ALIASES, written) ? (UNIT_ALIASES[written] ?? null) : null;
}

/** The money units the disclosures use (万元 dominates; Hebei's project tables use 元). */
export const MONEY_UNITS: readonly MoneyUnit[] = MoneyUnitSchema.options;

/** True for a normalized unit that denotes money (万元, 元). */
export function isMoneyUnit(unit: string | null): unit is MoneyUnit {
  return MONEY_UNITS.some((moneyUnit) => moneyUnit === unit);
}

export const ComparatorSchema = z.enum(["≥", "≤", ">", "<", "="]);
export type Comparator = z.infer<typeof ComparatorSchema>;

export const ValueKindSchema = z.enum(["numeric", "qualitative", "period", "empty"]);
export type ValueKind = z.infer<typeof ValueKindSchema>;

/**
 * A point in time named by a 时效 target. `bound` is `by` for a deadline (前, 之前, 底, 底前, 完成)
 * and `at` for a bare point (`12月`); recurring or whole-year periods (全年, 每月) leave every field null
 * and carry their wording in `ParsedValue.text`.
 */
export const ValuePeriodSchema = z.object({
  year: z.number().int().nullable(),
  quarter: z.number().int().min(1).max(4).nullable(),
  month: z.number().int().min(1).max(12).nullable(),
  bound: z.enum(["by", "at"]).nullable(),
});
export type ValuePeriod = z.infer<typeof ValuePeriodSchema>;

/**
 * A parsed 指标值 (indicator target value). Every field is present and nullable where it does not apply,
 * so the schema also serves as an OpenAI strict JSON schema. `number` is an exact decimal string, never a
 * float, so that `291.88` stays `291.88` all the way to the money checks.
 */
export const ParsedValueSchema = z.object({
  /** The value exactly as written in the document; always kept, whatever else fails. */
  raw: z.string(),
  kind: ValueKindSchema,
  comparator: ComparatorSchema.nullable(),
  /** Exact decimal string such as `95`, `0.5`, `18000`; thousands separators removed. */
  number: z.string().regex(/^-?\d+(\.\d+)?$/).nullable(),
  /** Normalized unit (see `UNIT_ALIASES`), or an unrecognized unit exactly as written. */
  unit: z.string().nullable(),
  /** Per-unit suffix such as `/年`, `/人/月`, `/次`. */
  rate: z.string().nullable(),
  /** The value was hedged: 余, 约, 左右, 多. */
  approximate: z.boolean(),
  /** Normalized wording of a qualitative or period value; null for numeric and empty values. */
  text: z.string().nullable(),
  period: ValuePeriodSchema.nullable(),
});
export type ParsedValue = z.infer<typeof ParsedValueSchema>;
