import { compact } from "../../domain/cell-text.js";

/** What a key cell of a keyed project table (grid, vertical) introduces. */
export type HeaderField =
  | "projectName"
  | "projectCode"
  | "department"
  | "implementingUnit"
  | "projectAttribute"
  | "projectPeriod"
  | "moneyGroup"
  | "totalAmount"
  | "fiscalAmount"
  | "otherAmount"
  | "goals"
  | "fundUse"
  | "spendingSchedule";

// Labels as the 财政部 templates and their county variants print them, compared without spaces, without a
// leading 其中, a trailing colon or a bracketed unit. Exact names, not substrings: a value cell that merely
// mentions 资金 or 目标 must never be taken for a key.
const KEYS: Readonly<Record<string, HeaderField>> = {
  项目名称: "projectName",
  项目编码: "projectCode",
  项目代码: "projectCode",
  主管部门及代码: "department",
  主管部门: "department",
  主管部门名称: "department",
  实施单位: "implementingUnit",
  实施单位名称: "implementingUnit",
  项目实施单位: "implementingUnit",
  项目属性: "projectAttribute",
  项目期: "projectPeriod",
  项目周期: "projectPeriod",
  项目期限: "projectPeriod",
  项目资金: "moneyGroup",
  项目资金情况: "moneyGroup",
  年度资金总额: "totalAmount",
  资金总额: "totalAmount",
  预算数: "totalAmount",
  年度预算数: "totalAmount",
  财政拨款: "fiscalAmount",
  财政资金: "fiscalAmount",
  当年财政拨款: "fiscalAmount",
  其他资金: "otherAmount",
  年度总体目标: "goals",
  总体目标: "goals",
  绩效目标: "goals",
  年度绩效目标: "goals",
  年度目标: "goals",
  项目绩效目标: "goals",
  资金用途: "fundUse",
  预算规模及资金用途: "fundUse",
  资金支出计划: "spendingSchedule",
};

/** The field a key cell introduces, or null when the cell is not a key (a value, or a label we do not read). */
export function matchHeaderKey(text: string): HeaderField | null {
  const name = compact(text)
    .replace(/^其中[:：]?/, "")
    .replace(/[:：]$/, "")
    .replace(/[(（][^()（）]*[)）]$/, "")
    .replace(/[:：]$/, "");
  return Object.hasOwn(KEYS, name) ? (KEYS[name] ?? null) : null;
}
