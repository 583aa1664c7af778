import type { Row } from "../../schemas/layout.js";
import { compact } from "../domain/cell-text.js";
import { normalizeText } from "../normalize-text.js";
import { pagesOfRows, rowText, type UnitDraft } from "./unit-draft.js";

// A project named by a numbered heading line of its own: `(一)人民调解以案定补经费`, `1.社区矫正工作经费`.
const NUMBERED_HEADING = /^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．])\s*(\S.{1,40})$/u;
// What makes the paragraph under it a project's target statement.
const TARGET_STATEMENT = /绩效目标\s*[:：]/u;

/**
 * Budgets that state their targets only as prose (a 部门预算公开说明: `(一)某某经费` then `该项目预算52.00万元，主要
 * 用于……。绩效目标：……`): each numbered heading whose paragraph states a 绩效目标 is a project with goals and no
 * indicators — not a failure, and no invented rows. Read by `extractors/rules/flattened.ts` with the heading as
 * the project's name.
 */
export function findProseProjects(rows: readonly Row[], claimed: ReadonlySet<Row>): UnitDraft[] {
  const free = (row: Row) => row.table === null && !claimed.has(row);
  const headings: number[] = [];
  rows.forEach((row, index) => {
    if (free(row) && NUMBERED_HEADING.test(compact(rowText(row)))) headings.push(index);
  });
  const drafts: UnitDraft[] = [];
  headings.forEach((start, position) => {
    const end = headings[position + 1] ?? rows.length;
    const paragraph: Row[] = [];
    for (const row of rows.slice(start + 1, end)) {
      if (!free(row)) break;
      paragraph.push(row);
    }
    if (!TARGET_STATEMENT.test(paragraph.map(rowText).join(""))) return;
    const name = NUMBERED_HEADING.exec(compact(rowText(rows[start]!)))![1]!;
    drafts.push({
      kind: "project",
      family: "flattened",
      pages: pagesOfRows([rows[start]!, ...paragraph]),
      heading: normalizeText(name),
      columns: [],
      rows: [rows[start]!, ...paragraph],
      contextRows: [],
      captions: [],
    });
  });
  return drafts;
}
