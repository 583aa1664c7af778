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

/**
 * What a unit is about: one project (项目支出绩效目标表), or a whole department (部门整体支出绩效目标表,
 * whose subject is the department and whose money is the department's budget).
 */
export const UnitKindSchema = z.enum(["project", "department"]);
export type UnitKind = z.infer<typeof UnitKindSchema>;

export const SCHEDULE_CHECKPOINTS = ["3月底", "6月底", "10月底", "12月底"] as const;

export const ScheduleEntrySchema = z.object({
  checkpoint: z.string().describe("The checkpoint as written, e.g. 3月底"),
  percent: z.string().nullable().describe("The cumulative percentage as written, e.g. 30.00%, or null when the cell is empty"),
});
export type ScheduleEntry = z.infer<typeof ScheduleEntrySchema>;

/** A column (or a labeled field) the schema has no place for, kept under its own header text. */
export const NamedTextSchema = z.object({
  name: z.string().describe("The column header or field label exactly as written, e.g. 评（扣）分标准 or 备注"),
  text: z.string().describe("The cell text exactly as written"),
});
export type NamedText = z.infer<typeof NamedTextSchema>;

export const ExtractedIndicatorSchema = z.object({
  level1: z.string().describe("一级指标 as written, e.g. 产出指标; carried down from the row above when the cell is merged"),
  level2: z
    .string()
    .describe("二级指标 as written including any annotation such as (必填) but without list numbering like (一) or a trailing colon"),
  level3: z.string().describe("三级指标 (the indicator name) exactly as written"),
  value: z
    .string()
    .describe("The 指标值 cell exactly as written, e.g. ≥95% or 80 台 (or the bare number where the table splits comparator and unit into their own columns); empty string when the cell is empty"),
  valueComparator: z
    .string()
    .nullable()
    .describe("Where the table has a column of its own for the comparator (≥ = ≤, often headed 指标性质 or 符号), that cell as written, else null"),
  valueUnit: z.string().nullable().describe("Where the table has a 度量单位 / 计量单位 column, that cell as written, else null"),
  weight: z.string().nullable().describe("The 权重 / 分值 / 指标分值 cell as written, digits only (e.g. 10), else null"),
  direction: z.string().nullable().describe("The 指标方向性 cell as written (正向指标 / 反向指标), else null"),
  nature: z.string().nullable().describe("The 指标性质 / 指标类型 cell as written when it says 定量 or 定性, else null"),
  description: z.string().nullable().describe("绩效指标描述 / 指标解释 where the table has that column, else null"),
  basis: z.string().nullable().describe("指标值确定依据 where the table has that column, else null"),
  otherColumns: z
    .array(NamedTextSchema)
    .describe("Every other column of the indicator row that has a header (评（扣）分标准, 备注 …), with its header; empty cells left out"),
});
export type ExtractedIndicator = z.infer<typeof ExtractedIndicatorSchema>;

export const ExtractedProjectSchema = z.object({
  kind: UnitKindSchema.describe("project for a project table or row; department for a 部门整体支出绩效目标表 (its subject is the department)"),
  projectName: z.string().describe("项目名称 exactly as written (for a department form: the 部门名称)"),
  projectCode: z.string().nullable().describe("项目编码 or the row's 单位编码/序号, null when absent"),
  projectAttribute: z.string().nullable().describe("项目属性 as written, e.g. 02-经常性项目"),
  projectPeriod: z.string().nullable().describe("项目期 as written, e.g. 2021-2021"),
  department: z.string().nullable().describe("主管部门及代码 / 业务主管部门 as written, e.g. 【003】平罗县人民政府办公室"),
  implementingUnit: z.string().nullable().describe("实施单位 as written (or the unit named in the caption above the table)"),
  moneyUnit: MoneyUnitSchema.nullable().describe("The unit the money is stated in (from a cell, a column header or a caption such as 金额单位：万元)"),
  totalAmount: z.string().nullable().describe("年度资金总额 / 年度资金申请总额 / 项目总预算 / 预算数 / 金额 as written, digits only, e.g. 8.00"),
  fiscalAmount: z.string().nullable().describe("其中：财政拨款 / 当年财政拨款 / 财政资金 as written"),
  carryoverAmount: z.string().nullable().describe("上年结转资金 / 结转资金 as written, else null"),
  otherAmount: z.string().nullable().describe("其他资金 as written"),
  projectExpenditure: z.string().nullable().describe("Department forms: the 项目支出 amount of 年度预算安排 as written, else null"),
  basicExpenditure: z.string().nullable().describe("Department forms: the 基本支出 amount of 年度预算安排 as written, else null"),
  fundUse: z.string().nullable().describe("资金用途 text where the table has one"),
  goals: z.string().nullable().describe("年度总体目标 / 年度绩效目标 / 年度主要目标和成果 text as written"),
  longTermGoals: z.string().nullable().describe("项目总目标 / 中长期目标 where the table gives it beside the annual goal, else null"),
  spendingSchedule: z.array(ScheduleEntrySchema).nullable().describe("资金支出计划 checkpoints, null when the table has none"),
  otherFields: z
    .array(NamedTextSchema)
    .describe("Every other labeled field of the form (年度履职目标, 项目负责人 …) with its label; empty ones left out"),
  indicators: z.array(ExtractedIndicatorSchema),
});
export type ExtractedProject = z.infer<typeof ExtractedProjectSchema>;

/**
 * What the model returns for a run of pages the table reader could not segment: every project on them, in
 * order. Sent as a strict JSON schema like the one-project schema.
 */
export const DocumentProjectsSchema = z.object({
  projects: z.array(ExtractedProjectSchema).describe("Every project (and department-overall form) on these pages, in order, each once"),
});
export type DocumentProjects = z.infer<typeof DocumentProjectsSchema>;

/** The indicator fields a template may lack, as "absent": what an extractor fills when a table has no such column. */
export const NO_INDICATOR_EXTRAS = {
  valueComparator: null,
  valueUnit: null,
  weight: null,
  direction: null,
  nature: null,
  otherColumns: [],
} as const satisfies Partial<ExtractedIndicator>;

/** The project fields a template may lack, as "absent". */
export const NO_PROJECT_EXTRAS = {
  kind: "project",
  carryoverAmount: null,
  projectExpenditure: null,
  basicExpenditure: null,
  longTermGoals: null,
  otherFields: [],
} as const satisfies Partial<ExtractedProject>;

/** A project with nothing read yet: every field absent, no indicators. What a reader starts from. */
export const BLANK_PROJECT: ExtractedProject = Object.freeze({
  ...NO_PROJECT_EXTRAS,
  projectName: "",
  projectCode: null,
  projectAttribute: null,
  projectPeriod: null,
  department: null,
  implementingUnit: null,
  moneyUnit: null,
  totalAmount: null,
  fiscalAmount: null,
  otherAmount: null,
  fundUse: null,
  goals: null,
  spendingSchedule: null,
  otherFields: [],
  indicators: [],
});
