import { z } from "zod";

/**
 * Every code a validation rule may raise. A `z.enum`, so the rule registry is a
 * `Record<FlagCode, Rule>` and the compiler finds a code without a rule (and gold files with a typo).
 */
export const FlagCodeSchema = z.enum([
  /** 一级指标 is not a name of the taxonomy. */
  "taxonomy_unknown_level1",
  /** 二级指标 is not a name of the taxonomy. */
  "taxonomy_unknown_level2",
  /** 二级指标 is known but belongs under another 一级指标. */
  "taxonomy_wrong_parent",
  /** A category the template requires (数量, 质量, 时效, 成本, 社会效益, 可持续影响, 服务对象满意度) has no indicator. */
  "required_category_missing",
  /** 财政拨款 + 其他资金 ≠ 年度资金总额. */
  "money_parts_mismatch",
  /** An amount is not a plain decimal and cannot be computed with. */
  "money_unparseable",
  /** Cost indicators stated in money add up to more than the project's money. */
  "money_cost_exceeds_total",
  /** Project amounts do not add up to the department total the document states. */
  "money_department_total_mismatch",
  /** A project table disagrees with the overview that names it (e.g. 元 table vs 万元 overview). */
  "money_overview_mismatch",
  /** 指标值 is empty. */
  "value_empty",
  /** A percentage above 100 on an indicator that is a rate. */
  "value_percent_over_100",
  /** A cost indicator whose value is not money. */
  "value_cost_not_money",
  /** A unit that is not a unit (`95人百分比`). */
  "value_unit_unknown",
  /** A satisfaction target that is neither a percentage nor qualitative. */
  "value_satisfaction_not_percent",
  /** The spending schedule decreases somewhere. */
  "schedule_not_cumulative",
  /** The spending schedule does not end at 100%. */
  "schedule_not_ending_at_100",
  /** A project's indicator weights (权重 / 分值) do not add up to 100, or to the total the weight column states. */
  "weights_sum_mismatch",
  /** The same indicator (level 2 + level 3 + value) twice in a project. */
  "duplicate_indicator",
  /** Two projects with the same name in one document (may be legitimate). */
  "duplicate_project_name",
  /** An extracted name or value does not occur in the source text of its unit. */
  "ungrounded",
  /** The rules were unsure of their reading of this unit (a doubt of the reader, or a confidence check failed). */
  "layout_unsure",
  /** Table rows of the document belong to no unit: a table may have been misread and projects missed. */
  "layout_rows_unread",
  /** The unit needed the model, but the run's --max-cost was reached first: the rules' reading stands. */
  "llm_not_sent_cost_ceiling",
  /** A vision model read the value from the page image; the OCR text does not contain it. */
  "read_from_image",
  /** A value, amount, indicator name or code was read by OCR with a character below `--ocr-min-confidence`. */
  "ocr_low_confidence",
  /** An OCR'd value lacks its number though its box has room for one (`人` where the page says `1人`). */
  "ocr_glyph_missing",
  /** A scanned page the record was read from has a table grid that disagrees with its sibling pages': cells may have merged. */
  "layout_grid_mismatch",
]);
export type FlagCode = z.infer<typeof FlagCodeSchema>;

/**
 * Codes that point at a misread table rather than at a faulty document: the default set of error flags for
 * which `auto` hands a unit to the LLM. An implausible value the document really states (1000百分比) would
 * come back the same from the model, so routing it would only spend tokens.
 */
/**
 * Codes about how the document was read rather than about what it says: the eval scores the others against
 * the gold's document defects, and counts these as the signs that keep a misreading from being silent.
 */
export const READING_DOUBT_CODES: readonly FlagCode[] = [
  "layout_unsure",
  "layout_rows_unread",
  "layout_grid_mismatch",
  "llm_not_sent_cost_ceiling",
  "read_from_image",
  "ocr_low_confidence",
  "ocr_glyph_missing",
];

export const EXTRACTION_SUSPECT_CODES: readonly FlagCode[] = [
  "ungrounded",
  "taxonomy_unknown_level1",
  "taxonomy_unknown_level2",
  "taxonomy_wrong_parent",
  "money_unparseable",
  "money_parts_mismatch",
];
