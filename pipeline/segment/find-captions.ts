import type { Row } from "../../schemas/layout.js";
import { compact } from "../domain/cell-text.js";
import { rowText } from "./unit-draft.js";

// A caption states the money unit (`单位：元`, `金额单位：万元`) or names the unit the table is for
// (`434001某某单位本级`, `填报单位：某某局`). Titles are headings, not captions.
const MONEY_CAPTION = /(金额|资金|计量)?单位[:：](万元|元)/u;
// Any label ending in 单位 or 部门 (填报部门, 主管部门, 预算部门, 编制单位 …), 名称 and a bracketed note (（盖章）,
// （单位）, 【公章】) allowed, then a colon: the caption names the unit or the department over the table.
const UNIT_CAPTION = /^(\d{3,}[\u4e00-\u9fff]|[\u4e00-\u9fff]{0,6}(单位|部门)(名称)?([(（【\[][^()（）【】\[\]]{0,8}[)）】\]])?[:：])/u;

/** True for a free line that is a table's caption rather than running text or a title. */
export function isCaption(row: Row): boolean {
  if (row.table !== null && !row.borderless) return false;
  const text = compact(rowText(row));
  return MONEY_CAPTION.test(text) || (UNIT_CAPTION.test(text) && text.length <= 40 && !/绩效目标表|申报表|公开表/u.test(text));
}

/**
 * The caption lines of a table whose first row is `rows[top]` and last row `rows[bottom]`: free lines just
 * above it (up to two, not past `floor`, the last row of the table before) and a free line just below it that
 * states a money unit.
 */
export function captionsOf(rows: readonly Row[], top: number, bottom: number, floor: number): Row[] {
  const captions: Row[] = [];
  for (let index = top - 1; index > floor && index >= top - 2; index--) {
    const row = rows[index]!;
    if (row.table !== null && !row.borderless) break;
    if (isCaption(row)) captions.unshift(row);
  }
  // A money line below the table is its caption only when no table follows it (else it heads that table).
  const below = rows[bottom + 1];
  const after = rows.slice(bottom + 2, bottom + 4);
  if (below && below.table === null && MONEY_CAPTION.test(compact(rowText(below))) && !after.some((row) => row.table !== null && !row.borderless)) {
    captions.push(below);
  }
  return captions;
}
