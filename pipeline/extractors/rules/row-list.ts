import { NO_PROJECT_EXTRAS, type ExtractedProject } from "../../../schemas/extracted-project.js";
import type { Row } from "../../../schemas/layout.js";
import type { DocumentContext, ProjectUnit } from "../../../schemas/project-unit.js";
import { describeRow } from "./describe-row.js";
import { parseIndicatorList } from "./indicator-list.js";
import { isPlainAmount, moneyUnitOfLabel } from "./money-cells.js";
import type { RulesResult } from "./rules-result.js";

type RowListColumn = "code" | "name" | "amount" | "goals" | "indicators";

// Header names vary (单位编码 / 序号, 单位及项目名称 / 项目名称, 金额(万元) / 预算数); tested in this order
// because 绩效指标 and 绩效目标 both say 绩效, and 单位及项目名称 says 单位.
const COLUMN_PATTERNS: readonly (readonly [RowListColumn, RegExp])[] = [
  ["indicators", /指标/],
  ["goals", /目标/],
  ["amount", /金额|预算数|资金|万元/],
  ["name", /名称/],
  ["code", /编码|代码|序号|编号/],
];

/**
 * Reads one row-list project: one table row (plus its rest after a page break) with code, name, amount,
 * goals and an indicator cell holding the whole indicator list. The header's column names say which
 * column is which; the department comes from the document, whose header rows name it.
 */
export function extractRowList(unit: ProjectUnit, context: DocumentContext): RulesResult {
  const uncertainties: string[] = [];
  const columnIndex = new Map<RowListColumn, number>();
  unit.columns.forEach((name, index) => {
    const column = COLUMN_PATTERNS.find(([, pattern]) => pattern.test(name))?.[0];
    if (column !== undefined && !columnIndex.has(column)) columnIndex.set(column, index);
  });
  const read = (column: RowListColumn): string | null => {
    const index = columnIndex.get(column);
    if (index === undefined) return null;
    const parts = unit.rows.map((row) => cellText(row, index)).filter((text) => text !== "");
    return parts.length > 0 ? parts.join("\n") : null;
  };

  const name = read("name");
  const amount = read("amount");
  const indicatorText = read("indicators");
  if (!columnIndex.has("name") || !columnIndex.has("indicators")) {
    uncertainties.push(`The row-list header (${unit.columns.join(" | ")}) names no project or no indicator column.`);
  }
  if (name === null) uncertainties.push(`${describeRow(unit.rows[0]!)} has no project name: it does not fit a row-list project row.`);
  if (amount !== null && !isPlainAmount(amount)) uncertainties.push(`The amount cell "${amount}" is not a plain number.`);
  const amountHeader = columnIndex.has("amount") ? unit.columns[columnIndex.get("amount")!]! : null;
  const moneyUnit = amountHeader === null ? null : moneyUnitOfLabel(amountHeader);
  if (amount !== null && moneyUnit === null) uncertainties.push(`The amount column "${amountHeader ?? ""}" names no money unit.`);

  let indicators: ExtractedProject["indicators"] = [];
  if (indicatorText === null) {
    uncertainties.push(`${describeRow(unit.rows[0]!)} has no indicator text.`);
  } else {
    const list = parseIndicatorList(indicatorText);
    indicators = list.indicators;
    const where = `Project "${name ?? ""}" on page ${unit.pages.join(", ")}`;
    uncertainties.push(...list.problems.map((problem) => `${where}: ${problem}.`));
    if (indicators.length === 0) uncertainties.push(`${where}: no indicator could be read from the indicator cell.`);
  }

  const project: ExtractedProject = {
    ...NO_PROJECT_EXTRAS,
    projectName: name ?? "",
    projectCode: read("code"),
    projectAttribute: null,
    projectPeriod: null,
    department: context.department,
    implementingUnit: context.implementingUnit,
    moneyUnit,
    totalAmount: amount,
    fiscalAmount: null,
    otherAmount: null,
    fundUse: null,
    goals: read("goals"),
    spendingSchedule: null,
    indicators,
  };
  return { project, uncertainties };
}

// The header names columns in order; the layout numbers a row's cells by the same grid columns.
function cellText(row: Row, column: number): string {
  return row.cells.find((cell) => cell.column === column)?.text.trim() ?? "";
}
