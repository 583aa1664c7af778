import type { MoneyUnit } from "../../../schemas/extracted-project.js";
import type { Row } from "../../../schemas/layout.js";
import { compact } from "../../domain/cell-text.js";

/** What the lines around a table say about it. */
export interface CaptionFields {
  readonly moneyUnit: MoneyUnit | null;
  /** The department a caption labelled …部门 names (`填报部门：…`, `主管部门（单位）：…`, `预算部门:…`). */
  readonly department: string | null;
  /** The unit the table is for, as written (`434001某某单位本级`, the value of `填报单位：…`). */
  readonly unitName: string | null;
  /** The caption row the unit name was read from. */
  readonly unitNameRow: Row | null;
}

const MONEY = /(?:金额|资金|计量)?单位\s*[:：]\s*(万元|元)/u;
// `填报单位：…`, `编制单位（盖章）：…`, `申报部门:…`: any label ending in 单位 / 部门 (or naming one), a note in
// brackets allowed (`（盖章）`, `（单位）`, `【公章】`), then a colon.
const LABELLED_UNIT = /(?:^|\s)([\u4e00-\u9fff]{0,6}(?:单位|部门)(?:名称)?)(?:\s*[(（【\[][^()（）【】\[\]]{0,8}[)）】\]])?\s*[:：]\s*(.+)$/u;
// A label that names a 部门 (填报部门, 主管部门, 预算部门, 部门名称) names the department over the units, not the
// unit: 主管部门（单位） still names the department first.
const DEPARTMENT_LABEL = /部门(?:名称)?$/u;
const NEXT_LABEL = /\s+[\u4e00-\u9fff]{2,8}(?:[(（][^()（）]{0,8}[)）])?\s*[:：].*$/u;

/**
 * Reads caption lines: `单位：元` / `金额单位：万元` give the money unit; the rest of a line that states it
 * (`434001某某单位本级   单位：元`), or a `填报单位：…` line, names the unit; a `填报部门：…` line names the department.
 */
export function readCaptions(captions: readonly Row[]): CaptionFields {
  let moneyUnit: MoneyUnit | null = null;
  let department: string | null = null;
  let unitName: string | null = null;
  let unitNameRow: Row | null = null;
  for (const row of captions) {
    const text = row.cells.map((cell) => cell.text.trim()).join(" ").trim();
    const money = MONEY.exec(text);
    if (money) moneyUnit ??= money[1] as MoneyUnit;
    const rest = (money ? text.slice(0, money.index) + text.slice(money.index + money[0].length) : text).trim();
    const labelled = LABELLED_UNIT.exec(rest);
    // The name ends where the next label of the line begins (`填报部门：某局   填报日期：2024年3月1日`).
    const labelledName = labelled ? labelled[2]!.replace(NEXT_LABEL, "").trim() : null;
    if (labelled && DEPARTMENT_LABEL.test(labelled[1]!)) {
      if (labelledName !== "") department ??= labelledName;
      continue;
    }
    const name = labelledName ?? rest;
    if (unitName === null && name !== "" && !/绩效目标|年度|[:：]$/u.test(compact(name))) {
      unitName = name;
      unitNameRow = row;
    }
  }
  return { moneyUnit, department, unitName, unitNameRow };
}
