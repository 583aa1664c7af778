import { compact } from "./cell-text.js";

// 合计 / 小计 / 总计 / 共计 (also `合 计`, `合计：`, `项目合计`, `本部门合计`): a row that adds up the rows
// around it. Its amount may check their sum; its text is never the name of a department, unit or project.
const TOTAL_NAME = /^[\u4e00-\u9fff]{0,4}(合计|小计|总计|共计)[:：]?$/u;

/** True for a cell (or a row's name) that says the row is a total, not a named department, unit or project. */
export function isTotalName(text: string): boolean {
  return TOTAL_NAME.test(compact(text));
}
