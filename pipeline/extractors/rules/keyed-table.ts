import { NO_PROJECT_EXTRAS, type ExtractedProject } from "../../../schemas/extracted-project.js";
import type { DocumentContext, ProjectUnit } from "../../../schemas/project-unit.js";
import type { RulesResult } from "./rules-result.js";
import { readIndicatorHeader, columnOfRole } from "./indicator-header.js";
import { readIndicatorRows } from "./indicator-rows.js";
import { isPlainAmount } from "./money-cells.js";
import { readKeyFields } from "./read-key-fields.js";

const AMOUNT_LABELS = { totalAmount: "年度资金总额", fiscalAmount: "财政拨款", otherAmount: "其他资金" } as const;

/**
 * Reads one keyed project table (grid and vertical families): key/value rows, then an indicator header
 * row and one row per indicator. Every value is the text of a cell, trimmed, never rewritten.
 */
export function extractKeyedTable(unit: ProjectUnit, context: DocumentContext): RulesResult {
  const uncertainties: string[] = [];
  const headerIndex = unit.rows.findIndex((row) => readIndicatorHeader(row) !== null);
  const header = headerIndex >= 0 ? readIndicatorHeader(unit.rows[headerIndex]!) : null;
  const keys = readKeyFields(headerIndex >= 0 ? unit.rows.slice(0, headerIndex) : unit.rows);
  uncertainties.push(...keys.problems);

  const { values } = keys;
  if (values.projectName === undefined) uncertainties.push("The table has no 项目名称 value: its rows do not fit a keyed project table.");
  for (const field of ["totalAmount", "fiscalAmount", "otherAmount"] as const) {
    const amount = values[field];
    if (amount !== undefined && !isPlainAmount(amount)) uncertainties.push(`The ${AMOUNT_LABELS[field]} cell "${amount}" is not a plain number.`);
  }
  const hasAmount = values.totalAmount !== undefined || values.fiscalAmount !== undefined || values.otherAmount !== undefined;
  if (hasAmount && keys.moneyUnit === null) uncertainties.push("The table states amounts but no money unit (万元 or 元).");

  let indicators: ExtractedProject["indicators"] = [];
  if (header === null) {
    uncertainties.push("The table has no indicator header row (一级指标 / 二级指标 / 三级指标 / 指标值).");
  } else {
    if (columnOfRole(header, "value") === undefined) uncertainties.push(`The indicator header on page ${header.row.page} has no 指标值 column.`);
    const read = readIndicatorRows(unit.rows.slice(headerIndex + 1), header);
    indicators = read.indicators;
    uncertainties.push(...read.uncertainties);
    if (indicators.length === 0) uncertainties.push("The table has an indicator header but no indicator rows.");
  }

  // Without a 主管部门 key the vertical family names the department in the row above the table's keys.
  const department = values.department ?? keys.leadingText ?? context.department;
  const project: ExtractedProject = {
    ...NO_PROJECT_EXTRAS,
    projectName: values.projectName ?? "",
    projectCode: values.projectCode ?? null,
    projectAttribute: values.projectAttribute ?? null,
    projectPeriod: values.projectPeriod ?? null,
    department,
    implementingUnit: values.implementingUnit ?? null,
    moneyUnit: keys.moneyUnit,
    totalAmount: values.totalAmount ?? null,
    fiscalAmount: values.fiscalAmount ?? null,
    otherAmount: values.otherAmount ?? null,
    fundUse: values.fundUse ?? null,
    goals: values.goals ?? null,
    spendingSchedule: keys.spendingSchedule,
    indicators,
  };
  return { project, uncertainties };
}
