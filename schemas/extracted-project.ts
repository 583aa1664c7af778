import { z } from "zod";

/**
 * What an extractor (rules or LLM) reads out of one project unit: every value copied exactly as the
 * document writes it. Parsing, money arithmetic, taxonomy clean-up and evidence are added afterwards by
 * deterministic code, so the model is only ever asked to copy.
 *
 * This schema is also sent to the model as an OpenAI strict JSON schema: every property is required and
 * "not present" is `null`, never an omitted key.
 */
export const MoneyUnitSchema = z.enum(["万元", "元"]);
export type MoneyUnit = z.infer<typeof MoneyUnitSchema>;

export const SCHEDULE_CHECKPOINTS = ["3月底", "6月底", "10月底", "12月底"] as const;

export const ScheduleEntrySchema = z.object({
  checkpoint: z.string().describe("The checkpoint as written, e.g. 3月底"),
  percent: z.string().nullable().describe("The cumulative percentage as written, e.g. 30.00%, or null when the cell is empty"),
});
export type ScheduleEntry = z.infer<typeof ScheduleEntrySchema>;

export const ExtractedIndicatorSchema = z.object({
  level1: z.string().describe("一级指标 as written, e.g. 产出指标; carried down from the row above when the cell is merged"),
  level2: z
    .string()
    .describe("二级指标 as written including any annotation such as (必填) but without list numbering like (一) or a trailing colon"),
  level3: z.string().describe("三级指标 (the indicator name) exactly as written"),
  value: z.string().describe("指标值 exactly as written, e.g. ≥95% or 80 台; empty string when the cell is empty"),
  description: z.string().nullable().describe("绩效指标描述 where the table has that column, else null"),
  basis: z.string().nullable().describe("指标值确定依据 where the table has that column, else null"),
});
export type ExtractedIndicator = z.infer<typeof ExtractedIndicatorSchema>;

export const ExtractedProjectSchema = z.object({
  projectName: z.string().describe("项目名称 exactly as written"),
  projectCode: z.string().nullable().describe("项目编码 or the row's 单位编码/序号, null when absent"),
  projectAttribute: z.string().nullable().describe("项目属性 as written, e.g. 02-经常性项目"),
  projectPeriod: z.string().nullable().describe("项目期 as written, e.g. 2021-2021"),
  department: z.string().nullable().describe("主管部门及代码 as written, e.g. 【003】平罗县人民政府办公室"),
  implementingUnit: z.string().nullable().describe("实施单位 as written"),
  moneyUnit: MoneyUnitSchema.nullable().describe("The unit the project's money is stated in"),
  totalAmount: z.string().nullable().describe("年度资金总额 / 预算数 / 金额 as written, digits only, e.g. 8.00"),
  fiscalAmount: z.string().nullable().describe("其中：财政拨款 / 财政资金 as written"),
  otherAmount: z.string().nullable().describe("其他资金 as written"),
  fundUse: z.string().nullable().describe("资金用途 text where the table has one"),
  goals: z.string().nullable().describe("年度总体目标 / 绩效目标 text as written"),
  spendingSchedule: z.array(ScheduleEntrySchema).nullable().describe("资金支出计划 checkpoints, null when the table has none"),
  indicators: z.array(ExtractedIndicatorSchema),
});
export type ExtractedProject = z.infer<typeof ExtractedProjectSchema>;
