import type { ExtractedProject, MoneyUnit } from "../../../schemas/extracted-project.js";
import type { DocumentContext, ProjectUnit } from "../../../schemas/project-unit.js";
import { readAmount, type AmountReading } from "./money-cells.js";
import { readCaptions } from "./read-captions.js";
import type { KeyField, KeyFields } from "./read-key-fields.js";

const AMOUNT_FIELDS = ["totalAmount", "fiscalAmount", "carryoverAmount", "otherAmount", "projectExpenditure", "basicExpenditure"] as const;
type AmountField = (typeof AMOUNT_FIELDS)[number];

/**
 * A key–value form's project from what its labels gave (`readKeyFields`), its captions and the document: the
 * subject (项目名称, or 部门名称 on a department form), amounts as their digits with the unit from a label, a
 * caption, the document or the amounts themselves, and the doubts about any of it. Shared by bordered forms
 * and forms read line by line, which differ only in where their labels and indicators are.
 */
export function projectFromForm(unit: ProjectUnit, context: DocumentContext, keys: KeyFields, uncertainties: string[]): Omit<ExtractedProject, "indicators"> {
  // A multi-year 项目总预算 beside an annual total is a field of its own; alone, it is the total the form states.
  const budget = keys.values.projectBudget;
  const values = budget !== undefined && keys.values.totalAmount === undefined ? { ...keys.values, totalAmount: budget } : keys.values;
  const otherFields = budget !== undefined && keys.values.totalAmount !== undefined ? [...keys.otherFields, { name: "项目总预算", text: budget }] : keys.otherFields;
  const captions = readCaptions(unit.captions);
  const subject = unit.kind === "department" ? (values.departmentName ?? values.projectName) : values.projectName;
  if (subject === undefined) uncertainties.push(`The form has no ${unit.kind === "department" ? "部门名称" : "项目名称"} value: its rows do not fit a key–value form.`);

  const amounts = readAmounts(values, uncertainties);
  const writtenUnits = new Set(Object.values(amounts).flatMap((amount) => (amount?.unit ? [amount.unit] : [])));
  const moneyUnit: MoneyUnit | null = keys.moneyUnit ?? captions.moneyUnit ?? context.moneyUnit ?? [...writtenUnits][0] ?? null;
  if (Object.values(amounts).some((amount) => amount !== undefined) && moneyUnit === null) uncertainties.push("The form states amounts but no money unit (万元 or 元).");
  if (writtenUnits.size > 1 || (moneyUnit !== null && [...writtenUnits].some((written) => written !== moneyUnit))) {
    uncertainties.push(`The form's amounts are written in ${[...writtenUnits].join(" and ")} while its money unit is ${moneyUnit ?? "not stated"}.`);
  }

  // Without a 主管部门 label a bordered form (the vertical family) names the department in its row above the
  // labels; lines read as a flattened form have no such row (their first line is a title or prose).
  const leading = unit.family === "flattened" ? null : keys.leadingText;
  const department = unit.kind === "department" ? (values.department ?? subject ?? null) : (values.department ?? captions.department ?? leading ?? context.department);
  return {
    kind: unit.kind,
    projectName: subject ?? "",
    projectCode: values.projectCode ?? null,
    projectAttribute: values.projectAttribute ?? null,
    projectPeriod: values.projectPeriod ?? null,
    department,
    implementingUnit: values.implementingUnit ?? captions.unitName ?? null,
    moneyUnit,
    totalAmount: amounts.totalAmount?.digits ?? null,
    fiscalAmount: amounts.fiscalAmount?.digits ?? null,
    carryoverAmount: amounts.carryoverAmount?.digits ?? null,
    otherAmount: amounts.otherAmount?.digits ?? null,
    projectExpenditure: amounts.projectExpenditure?.digits ?? null,
    basicExpenditure: amounts.basicExpenditure?.digits ?? null,
    fundUse: values.fundUse ?? null,
    goals: values.goals ?? null,
    longTermGoals: values.longTermGoals ?? null,
    spendingSchedule: keys.spendingSchedule,
    otherFields,
  };
}

/** Each amount's digits (`100.00万元` → 100.00 in 万元); one that is no plain number is kept as written, with a doubt. */
function readAmounts(values: Partial<Record<KeyField, string>>, uncertainties: string[]): Partial<Record<AmountField, AmountReading>> {
  const amounts: Partial<Record<AmountField, AmountReading>> = {};
  for (const field of AMOUNT_FIELDS) {
    const text = values[field];
    if (text === undefined) continue;
    const reading = readAmount(text);
    if (reading === null) uncertainties.push(`The amount "${text}" is not a plain number.`);
    amounts[field] = reading ?? { digits: text, unit: null };
  }
  return amounts;
}
