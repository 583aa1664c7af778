import type { Row } from "../../../schemas/layout.js";
import { compact } from "../../domain/cell-text.js";

/** What a column of the indicator part of a keyed table holds. */
export type IndicatorRole = "level1" | "level2" | "level3" | "description" | "value" | "basis";

/** The roles an indicator's own text fills, after its level 1 and level 2, in reading order. */
export const TEXT_ROLES: readonly IndicatorRole[] = ["level3", "description", "value", "basis"];

/** One header cell of the indicator block: the role it names and the grid columns it covers. */
export interface IndicatorColumn {
  readonly role: IndicatorRole;
  /** First and last grid column the header cell covers. */
  readonly first: number;
  readonly last: number;
}

/** The indicator header row (一级指标 / 二级指标 / 三级指标 / … / 指标值) and the columns it names. */
export interface IndicatorHeader {
  readonly row: Row;
  readonly columns: readonly IndicatorColumn[];
}

// Checked in this order: 指标值确定依据 also starts with 指标值, and 指标值(包含数字及文字描述) also says 描述.
const ROLE_PATTERNS: readonly (readonly [IndicatorRole, RegExp])[] = [
  ["basis", /依据/],
  ["level1", /^一级指标(名称)?$/],
  ["level2", /^二级指标(名称)?$/],
  ["level3", /^(三级指标(名称)?|(绩效)?指标名称)$/],
  ["value", /^(年度|绩效)?(指标值|目标值|指标目标值)/],
  ["description", /描述|解释|说明|指标内容/],
];

function roleOfHeaderText(text: string): IndicatorRole | null {
  const label = compact(text).replace(/[:：]$/, "");
  return ROLE_PATTERNS.find(([, pattern]) => pattern.test(label))?.[0] ?? null;
}

/**
 * Reads a row as the indicator header, or null when it is not one. A header names at least the level 2,
 * the level 3 and one more indicator column; which ones, and where, differ between templates.
 */
export function readIndicatorHeader(row: Row): IndicatorHeader | null {
  const columns: IndicatorColumn[] = [];
  for (const cell of row.cells) {
    const role = roleOfHeaderText(cell.text);
    if (role === null || columns.some((column) => column.role === role)) continue;
    columns.push({ role, first: cell.column, last: cell.column + cell.columnSpan - 1 });
  }
  const has = (role: IndicatorRole) => columns.some((column) => column.role === role);
  return has("level2") && has("level3") && columns.length >= 3 ? { row, columns } : null;
}

/** The role of the header column a grid column falls under, or null for a label or blank column. */
export function roleAtColumn(header: IndicatorHeader, column: number): IndicatorRole | null {
  return header.columns.find((candidate) => candidate.first <= column && column <= candidate.last)?.role ?? null;
}

/** The header column of a role, or undefined when the table has no such column. */
export function columnOfRole(header: IndicatorHeader, role: IndicatorRole): IndicatorColumn | undefined {
  return header.columns.find((column) => column.role === role);
}
