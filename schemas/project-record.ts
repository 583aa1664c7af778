import { z } from "zod";
import { EvidenceSchema } from "./evidence.js";
import { MoneyUnitSchema, UnitKindSchema } from "./extracted-project.js";
import { FlagSchema } from "./flag.js";
import { BoxSchema } from "./layout.js";
import { ParsedValueSchema } from "./parsed-value.js";

/**
 * How the document lays its projects out (README "Layouts it reads"): a keyed form per project with one row
 * per indicator (grid; also department-overall forms), the same with description and basis columns and a
 * spending schedule (vertical), one table row per project with its indicators as a list in one cell
 * (row-list), one table row per indicator with the project's cells merged down beside them
 * (indicator-table), or forms whose cell borders a conversion lost, read line by line (flattened).
 */
export const LayoutFamilySchema = z.enum(["grid", "row-list", "vertical", "indicator-table", "flattened"]);
export type LayoutFamily = z.infer<typeof LayoutFamilySchema>;

export const ExtractorNameSchema = z.enum(["rules", "llm", "auto"]);
export type ExtractorName = z.infer<typeof ExtractorNameSchema>;

export const TokenUsageSchema = z.object({
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  /**
   * Of `promptTokens`, those the provider served from its prompt cache (`usage.prompt_tokens_details.cached_tokens`),
   * billed at the cached-input price. Absent when the server reported none.
   */
  cachedPromptTokens: z.number().int().nonnegative().optional(),
});
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

/** An amount exactly as written plus its exact value in 分 (null when the text is not a plain decimal). */
export const AmountSchema = z.object({ raw: z.string(), fen: z.number().int().nullable() });
export type Amount = z.infer<typeof AmountSchema>;

export const IndicatorRecordSchema = z.object({
  level1: z.string(),
  /** Level-2 name with its (必填…) annotation stripped. */
  level2: z.string(),
  level2Raw: z.string(),
  /** 必填 / 必填硬性指标 / 必填量化 / 选填, as written, or null. */
  level2Annotation: z.string().nullable(),
  required: z.boolean().nullable(),
  level3: z.string(),
  /** The target, parsed from the 指标值 cell (joined with the comparator and unit cells where the table splits them). */
  value: ParsedValueSchema,
  /** Where the table splits the target over columns: each part as written; null when one cell holds it. */
  valueParts: z
    .object({ comparator: z.string().nullable(), value: z.string(), unit: z.string().nullable() })
    .nullable(),
  /** 权重 / 分值 as written and as an exact decimal (null when not a plain number). */
  weight: z.object({ raw: z.string(), number: z.string().nullable() }).nullable(),
  /** 指标方向性 read as 正向 (more is better) or 反向 (less is better); null when absent or unreadable (then see directionRaw). */
  direction: z.enum(["正向", "反向"]).nullable(),
  directionRaw: z.string().nullable(),
  /** 指标性质 read as 定量 (quantitative) or 定性 (qualitative). */
  nature: z.enum(["定量", "定性"]).nullable(),
  description: z.string().nullable(),
  basis: z.string().nullable(),
  /** Other named columns of the indicator row (评（扣）分标准, 备注 …), header → text as written. */
  otherColumns: z.record(z.string(), z.string()),
});
export type IndicatorRecord = z.infer<typeof IndicatorRecordSchema>;

export const ScheduleRecordSchema = z.object({
  checkpoint: z.string(),
  raw: z.string().nullable(),
  /** Exact decimal string of the percentage, e.g. "30.00" → "30". */
  percent: z.string().nullable(),
});

/**
 * One project of one disclosure, as written to `records.jsonl`. Every value is traceable: `evidence`
 * maps a field path (`project.name`, `money.total`, `indicators.3.value` …) to the page, the source text
 * and the box it was read from.
 */
export const ProjectRecordSchema = z.object({
  id: z.string(),
  document: z.object({
    path: z.string(),
    sha256: z.string(),
    pageCount: z.number().int().nonnegative(),
    title: z.string().nullable(),
    region: z.string().nullable(),
    year: z.number().int().nullable(),
    /** Columns of the manifest row that named the document, when it came from a manifest. */
    metadata: z.record(z.string(), z.string()).optional(),
  }),
  unit: z.object({
    index: z.number().int().nonnegative(),
    /** A project, or a department-overall form (部门整体支出绩效目标表) whose subject is the department. */
    kind: UnitKindSchema,
    family: LayoutFamilySchema,
    pages: z.array(z.number().int().positive()),
    /** The department this unit was published under (overview or header row). */
    department: z.string().nullable(),
    departmentTotal: AmountSchema.nullable(),
  }),
  extraction: z.object({
    extractor: z.enum(["rules", "llm"]),
    model: z.string().nullable(),
    promptVersion: z.string().nullable(),
    usage: TokenUsageSchema,
    /** Tokens spent on attempts whose reply was rejected (they cost money too). */
    failedAttemptUsage: TokenUsageSchema,
    attempts: z.number().int().nonnegative(),
    cached: z.boolean(),
    /** Why the rules extractor was unsure of this unit (empty when it was sure, or for LLM records). */
    uncertainties: z.array(z.string()),
    /**
     * How far the reading can be trusted, 0–1, from checks independent of the reading itself (column roles all
     * known, values shaped like targets, weights summing, level names in the taxonomy, header fields found,
     * money adding up). Null for a model's reading, which grounding and validation check instead.
     */
    confidence: z.number().min(0).max(1).nullable(),
    /**
     * Why the model was not asked for a unit that needed it: `cost_ceiling`, the run's `--max-cost` was reached
     * first, so the rules' reading stands (flagged `llm_not_sent_cost_ceiling`). Absent otherwise.
     */
    notSentToModel: z.enum(["cost_ceiling"]).optional(),
    /**
     * `--vision-model`: values the model read from the page image rather than the OCR text, as it wrote them,
     * with the page and the box (PDF points) it saw them in. Grounding accepts these (flagged `read_from_image`
     * for a reviewer) instead of calling them invented. Absent for a reading from text.
     */
    readFromImage: z.array(z.object({ field: z.string(), text: z.string(), page: z.number().int().positive(), box: BoxSchema })).optional(),
  }),
  project: z.object({
    name: z.string(),
    code: z.string().nullable(),
    attribute: z.string().nullable(),
    period: z.string().nullable(),
    department: z.string().nullable(),
    implementingUnit: z.string().nullable(),
  }),
  money: z.object({
    unit: MoneyUnitSchema.nullable(),
    total: AmountSchema.nullable(),
    fiscal: AmountSchema.nullable(),
    /** 上年结转资金. */
    carryover: AmountSchema.nullable(),
    other: AmountSchema.nullable(),
    /** Department forms: 年度预算安排's 项目支出 and 基本支出. */
    projectExpenditure: AmountSchema.nullable(),
    basicExpenditure: AmountSchema.nullable(),
    use: z.string().nullable(),
  }),
  goals: z.string().nullable(),
  /** 项目总目标 / 中长期目标, where the form gives one beside the annual goal. */
  longTermGoals: z.string().nullable(),
  /** Other labeled fields of the form (年度履职目标, 项目负责人 …), label → text as written. */
  otherFields: z.record(z.string(), z.string()),
  spendingSchedule: z.array(ScheduleRecordSchema).nullable(),
  indicators: z.array(IndicatorRecordSchema),
  evidence: z.record(z.string(), EvidenceSchema),
  flags: z.array(FlagSchema),
});
export type ProjectRecord = z.infer<typeof ProjectRecordSchema>;
