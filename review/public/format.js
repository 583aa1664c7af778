import { language, t } from "./i18n.js";

/** Labels and formats shared by the views. */

/** Field labels as the disclosures name them. @type {Record<string, string>} */
export const FIELD_LABELS = {
  "project.name": "项目名称",
  "project.code": "项目编码",
  "project.attribute": "项目属性",
  "project.period": "项目期",
  "project.department": "主管部门",
  "project.implementingUnit": "实施单位",
  "money.unit": "金额单位",
  "money.total": "年度资金总额",
  "money.fiscal": "其中：财政拨款",
  "money.other": "其他资金",
  "money.use": "资金用途",
  goals: "年度总体目标",
};

/** Indicator columns, in table order. */
export const INDICATOR_COLUMNS = [
  { key: "level1", label: "一级指标" },
  { key: "level2", label: "二级指标" },
  { key: "level3", label: "三级指标" },
  { key: "value", label: "指标值" },
  { key: "description", label: "绩效指标描述" },
  { key: "basis", label: "指标值确定依据" },
];

/** In the chosen language, looked up when read. @type {Record<string, string>} */
export const STATUS_LABELS = {
  get todo() { return t("status_todo"); },
  get accept() { return t("status_accept"); },
  get correct() { return t("status_correct"); },
  get reject() { return t("status_reject"); },
};

/** A field path as a person reads it: `indicators.2.value` → `indicator 3 · 指标值`. @param {string} path */
export function describePath(path) {
  if (FIELD_LABELS[path]) return FIELD_LABELS[path];
  const indicator = /^indicators\.(\d+)\.(\w+)$/.exec(path);
  if (indicator) {
    const column = INDICATOR_COLUMNS.find((candidate) => candidate.key === indicator[2]);
    return `${language() === "zh" ? "指标" : "indicator"} ${Number(indicator[1]) + 1} · ${column ? column.label : indicator[2]}`;
  }
  const row = /^indicators\.(\d+)$/.exec(path);
  if (row) return `${language() === "zh" ? "指标" : "indicator"} ${Number(row[1]) + 1}`;
  const schedule = /^spendingSchedule\.(\d+)$/.exec(path);
  if (schedule) return `资金支出计划 ${Number(schedule[1]) + 1}`;
  if (path === "indicators") return language() === "zh" ? "全部指标" : "indicators (all)";
  if (path === "document") return language() === "zh" ? "整个文件" : "the whole document";
  if (path === "spendingSchedule") return "资金支出计划";
  return path;
}

/** ISO time in the reviewer's locale, to the minute. @param {string | null} iso */
export function formatTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(language() === "zh" ? "zh-CN" : undefined, { dateStyle: "medium", timeStyle: "short" });
}
