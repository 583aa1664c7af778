/**
 * The validation rules, one per flag code. Keyed by `FlagCode` (from the `z.enum` in
 * schemas/flag-codes.ts), so a code without a rule does not compile.
 *
 * | code                            | severity                                         | scope    | file                   |
 * | ------------------------------- | ------------------------------------------------ | -------- | ---------------------- |
 * | taxonomy_unknown_level1         | error                                            | record   | taxonomy.ts            |
 * | taxonomy_unknown_level2         | error; one warning when no indicator has a level 2 | record | taxonomy.ts          |
 * | taxonomy_wrong_parent           | error                                            | record   | taxonomy.ts            |
 * | required_category_missing       | error (template marks 必填), else warning         | record   | required-categories.ts |
 * | money_parts_mismatch            | error                                            | record   | money-parts.ts         |
 * | money_unparseable               | error                                            | record   | money-parts.ts         |
 * | money_cost_exceeds_total        | error                                            | record   | money-cost.ts          |
 * | money_department_total_mismatch | error; info when it cannot be checked            | document | department-total.ts    |
 * | money_overview_mismatch         | error                                            | record   | overview-amounts.ts    |
 * | value_empty                     | warning                                          | record   | values.ts              |
 * | value_percent_over_100          | error                                            | record   | values.ts              |
 * | value_cost_not_money            | error; info for a rate such as 节约率 ≥5%          | record   | values.ts              |
 * | value_unit_unknown              | warning                                          | record   | values.ts              |
 * | value_satisfaction_not_percent  | warning                                          | record   | values.ts              |
 * | schedule_not_cumulative         | error                                            | record   | schedule.ts            |
 * | schedule_not_ending_at_100      | error; warning when no checkpoint has a value    | record   | schedule.ts            |
 * | weights_sum_mismatch            | warning                                          | record   | weights.ts             |
 * | duplicate_indicator             | warning                                          | record   | duplicates.ts          |
 * | duplicate_project_name          | info                                             | document | duplicates.ts          |
 * | ungrounded                      | error                                            | record   | grounding.ts           |
 * | layout_unsure                   | warning                                          | record   | reading-doubts.ts      |
 * | layout_rows_unread              | warning                                          | document | reading-doubts.ts      |
 * | llm_not_sent_cost_ceiling       | warning                                          | record   | cost-ceiling.ts        |
 * | read_from_image                 | warning                                          | record   | read-from-image.ts     |
 * | ocr_low_confidence              | warning                                          | record   | ocr-readings.ts        |
 * | ocr_glyph_missing               | warning                                          | record   | ocr-readings.ts        |
 * | layout_grid_mismatch            | warning                                          | record   | reading-doubts.ts      |
 *
 * Document-scope findings are returned once as document flags and copied onto every record they concern.
 * Severities for value_empty, value_unit_unknown and the 节约率 case follow the hand-labeled gold.
 */
import type { FlagCode } from "../../schemas/flag-codes.js";
import { COST_CEILING_RULES } from "./cost-ceiling.js";
import { DEPARTMENT_TOTAL_RULES } from "./department-total.js";
import { DUPLICATE_RULES } from "./duplicates.js";
import { GROUNDING_RULES } from "./grounding.js";
import { MONEY_COST_RULES } from "./money-cost.js";
import { MONEY_PARTS_RULES } from "./money-parts.js";
import { OVERVIEW_RULES } from "./overview-amounts.js";
import { READ_FROM_IMAGE_RULES } from "./read-from-image.js";
import { OCR_READING_RULES } from "./ocr-readings.js";
import { READING_DOUBT_RULES } from "./reading-doubts.js";
import { REQUIRED_CATEGORY_RULES } from "./required-categories.js";
import type { Rule } from "./rule.js";
import { SCHEDULE_RULES } from "./schedule.js";
import { TAXONOMY_RULES } from "./taxonomy.js";
import { VALUE_RULES } from "./values.js";
import { WEIGHT_RULES } from "./weights.js";

export const VALIDATION_RULES: Readonly<Record<FlagCode, Rule>> = {
  ...TAXONOMY_RULES,
  ...REQUIRED_CATEGORY_RULES,
  ...MONEY_PARTS_RULES,
  ...MONEY_COST_RULES,
  ...DEPARTMENT_TOTAL_RULES,
  ...OVERVIEW_RULES,
  ...VALUE_RULES,
  ...SCHEDULE_RULES,
  ...WEIGHT_RULES,
  ...DUPLICATE_RULES,
  ...GROUNDING_RULES,
  ...READING_DOUBT_RULES,
  ...COST_CEILING_RULES,
  ...READ_FROM_IMAGE_RULES,
  ...OCR_READING_RULES,
};
