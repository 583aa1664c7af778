import { SEVERITY_ORDER, type Flag } from "../flag.js";
import type { ProjectRecord } from "../project-record.js";
import { moneyColumns, yuanText } from "./money-columns.js";
import type { TableColumn } from "./table-column.js";

/** The 财政部 taxonomy's level-1 names, each counted in a column of its own (`indicators_<slug>`). */
export const LEVEL1_COUNT_COLUMNS: ReadonlyArray<readonly [level1: string, slug: string]> = [
  ["产出指标", "output"],
  ["效益指标", "benefit"],
  ["满意度指标", "satisfaction"],
  ["成本指标", "cost"],
];

const COUNTED_LEVEL1 = new Set(LEVEL1_COUNT_COLUMNS.map(([level1]) => level1));

/**
 * Columns of the `projects` table: the wide view, one row per record, with its money in 元 and 分, its
 * indicator counts by level 1 and its worst flag, for a pivot that needs no join. Run-dependent fields
 * (cache hits, token counts, attempts) stay in `run.json` so two runs over the same documents give the same table.
 */
export const PROJECT_COLUMNS: readonly TableColumn<ProjectRecord>[] = [
  { name: "id", zh: "记录编号", type: "text", unit: null, description: "Record id: the document's sha256 (16 hex digits) and the unit's index; the key of `indicators.record_id` and `flags.record_id`", value: (record) => record.id },
  { name: "document_path", zh: "文件路径", type: "text", unit: null, description: "The PDF's path as given to the run", value: (record) => record.document.path },
  { name: "document_sha256", zh: "文件SHA256", type: "text", unit: null, description: "SHA-256 of the PDF's bytes: the same file under another name has the same hash", value: (record) => record.document.sha256 },
  { name: "document_title", zh: "文件标题", type: "text", unit: null, description: "The title line the document prints above its tables (e.g. …2021年部门预算绩效目标表); empty when none was found", value: (record) => record.document.title },
  { name: "region", zh: "地区", type: "text", unit: null, description: "Issuing region: the manifest's `region`, else what the document says of itself; empty when neither does", value: (record) => record.document.region },
  { name: "year", zh: "年度", type: "integer", unit: "年", description: "Budget year: the manifest's `year`, else the document's", value: (record) => record.document.year },
  { name: "unit_index", zh: "单元序号", type: "integer", unit: null, description: "Position of the project table (or row) in its document, from 0", value: (record) => record.unit.index },
  { name: "unit_kind", zh: "单元类型", type: "text", unit: null, description: "`project` (项目支出绩效目标表) or `department` (部门整体支出绩效目标表: the subject is the department and the money its budget)", value: (record) => record.unit.kind },
  { name: "family", zh: "版式", type: "text", unit: null, description: "Layout family the unit was read as: `grid`, `row-list` or `vertical`", value: (record) => record.unit.family },
  { name: "first_page", zh: "首页", type: "integer", unit: "页", description: "PDF page (from 1) the unit starts on", value: (record) => record.unit.pages[0] ?? null },
  { name: "pages", zh: "页码", type: "text", unit: "页", description: "Every PDF page the unit spans, comma-separated", value: (record) => record.unit.pages.join(",") },
  { name: "name", zh: "项目名称", type: "text", unit: null, description: "项目名称 as written (for a department form: 部门名称)", value: (record) => record.project.name },
  { name: "code", zh: "项目编码", type: "text", unit: null, description: "项目编码 (or the row's 单位编码/序号) as written; empty when absent", value: (record) => record.project.code },
  { name: "attribute", zh: "项目属性", type: "text", unit: null, description: "项目属性 as written (经常性项目 / 一次性项目)", value: (record) => record.project.attribute },
  { name: "period", zh: "项目期", type: "text", unit: null, description: "项目期 as written (e.g. 2021-2021)", value: (record) => record.project.period },
  { name: "department", zh: "主管部门", type: "text", unit: null, description: "主管部门及代码 / 业务主管部门 as written", value: (record) => record.project.department },
  { name: "implementing_unit", zh: "实施单位", type: "text", unit: null, description: "实施单位 as written", value: (record) => record.project.implementingUnit },
  // The department the unit was published under can differ from 主管部门 (row-list tables name the 单位).
  { name: "published_under", zh: "公开单位", type: "text", unit: null, description: "The department heading the unit was published under (overview paragraph or header row); can differ from `department`", value: (record) => record.unit.department },
  { name: "department_total_fen", zh: "部门合计（分）", type: "integer", unit: "分", description: "The department total the document states for the projects published under it, in exact 分", value: (record) => record.unit.departmentTotal?.fen ?? null },
  { name: "department_total_raw", zh: "部门合计（原文）", type: "text", unit: null, description: "That department total as written", value: (record) => record.unit.departmentTotal?.raw ?? null },
  { name: "department_total_yuan", zh: "部门合计（元）", type: "number", unit: "元", description: "That department total as a number in 元, from the exact 分 (repeated on each project of the department: do not sum it over projects)", value: (record) => yuanText(record.unit.departmentTotal?.fen ?? null) },
  { name: "money_unit", zh: "金额单位", type: "text", unit: null, description: "The unit the document states its money in (`万元` or `元`): the unit of `total`, `fiscal` … (not of the `_yuan` and `_fen` columns)", value: (record) => record.money.unit },
  ...moneyColumns("total", "年度资金总额", "年度资金总额 (项目总预算, 预算数)", (record) => record.money.total),
  ...moneyColumns("fiscal", "财政拨款", "其中：财政拨款", (record) => record.money.fiscal),
  ...moneyColumns("carryover", "上年结转资金", "上年结转资金", (record) => record.money.carryover),
  ...moneyColumns("other", "其他资金", "其他资金", (record) => record.money.other),
  ...moneyColumns("project_expenditure", "项目支出", "Department forms: 年度预算安排's 项目支出", (record) => record.money.projectExpenditure),
  ...moneyColumns("basic_expenditure", "基本支出", "Department forms: 年度预算安排's 基本支出", (record) => record.money.basicExpenditure),
  { name: "fund_use", zh: "资金用途", type: "text", unit: null, description: "资金用途 as written", value: (record) => record.money.use },
  { name: "goals", zh: "年度总体目标", type: "text", unit: null, description: "年度总体目标 / 年度绩效目标 as written, line breaks kept", value: (record) => record.goals },
  { name: "long_term_goals", zh: "项目总目标", type: "text", unit: null, description: "项目总目标 / 中长期目标, where the form gives one beside the annual goal", value: (record) => record.longTermGoals },
  { name: "other_fields", zh: "其他字段", type: "json", unit: null, description: "Other labeled fields of the form (年度履职目标, 项目负责人 …) as a JSON object, label → text as written, in the form's order; empty when there are none", value: (record) => jsonObject(record.otherFields) },
  { name: "spending_schedule", zh: "资金支出计划", type: "text", unit: "%", description: "资金支出计划 on one line: cumulative percent by checkpoint (`3月底 30%; 6月底 60%; …`), an unreadable cell as written; empty when the form has none", value: (record) => scheduleText(record) },
  { name: "indicator_count", zh: "指标数", type: "integer", unit: "个", description: "Indicators (三级指标 rows) of the project", value: (record) => record.indicators.length },
  ...LEVEL1_COUNT_COLUMNS.map(
    ([level1, slug]): TableColumn<ProjectRecord> => ({
      name: `indicators_${slug}`,
      zh: `${level1}数`,
      type: "integer",
      unit: "个",
      description: `Indicators whose 一级指标 is ${level1}`,
      value: (record) => record.indicators.filter((indicator) => indicator.level1 === level1).length,
    }),
  ),
  { name: "indicators_other_level1", zh: "其他一级指标数", type: "integer", unit: "个", description: "Indicators whose 一级指标 is none of the four above (outside the taxonomy, or empty): each is also flagged", value: (record) => record.indicators.filter((indicator) => !COUNTED_LEVEL1.has(indicator.level1)).length },
  { name: "flag_count", zh: "问题数", type: "integer", unit: "个", description: "Flags raised on the record (rows of `flags` with this `record_id`)", value: (record) => record.flags.length },
  { name: "worst_severity", zh: "最高严重程度", type: "text", unit: null, description: "The most severe of the record's flags: `error`, `warning` or `info`; empty when it has none", value: (record) => worstFlag(record.flags)?.severity ?? null },
  { name: "worst_flag_code", zh: "最严重问题代码", type: "text", unit: null, description: "The code of the record's first flag of that severity, in review order (see the Flags section)", value: (record) => worstFlag(record.flags)?.code ?? null },
  { name: "flag_codes", zh: "问题代码", type: "text", unit: null, description: "Every distinct flag code of the record, space-separated", value: (record) => distinct(record.flags.map((flag) => flag.code)).join(" ") || null },
  { name: "extractor", zh: "抽取方式", type: "text", unit: null, description: "`rules` (deterministic) or `llm` (the model)", value: (record) => record.extraction.extractor },
  { name: "model", zh: "模型", type: "text", unit: null, description: "The model that read the unit (llm only)", value: (record) => record.extraction.model },
  { name: "prompt_version", zh: "提示词版本", type: "text", unit: null, description: "Version of the prompt the model was given (llm only)", value: (record) => record.extraction.promptVersion },
  { name: "confidence", zh: "置信度", type: "number", unit: null, description: "How far the rules' reading can be trusted, 0–1, from checks independent of the reading; empty where the extractor gives none (a model's reading is checked by grounding and validation instead)", value: (record) => confidenceText(record.extraction.confidence) },
  { name: "uncertainties", zh: "不确定之处", type: "text", unit: null, description: "What the rules extractor was unsure of, `; `-separated", value: (record) => record.extraction.uncertainties.join("; ") || null },
  { name: "name_page", zh: "项目名称所在页", type: "integer", unit: "页", description: "PDF page the project name was read on", value: (record) => record.evidence["project.name"]?.page ?? null },
  {
    name: "total_ocr_confidence",
    zh: "资金总额识别置信度",
    type: "number",
    unit: null,
    description: "On a scanned page, the OCR engine's confidence (0–1) in the characters `total_raw` was read from; empty for a text layer. Below `--ocr-min-confidence` it is flagged `ocr_low_confidence`",
    value: (record) => confidenceText(record.evidence["money.total"]?.ocrConfidence),
  },
];

/** `3月底 30%; 6月底 60%; …`: the cumulative plan on one line, an unreadable cell as written. */
function scheduleText(record: ProjectRecord): string | null {
  if (record.spendingSchedule === null) return null;
  return record.spendingSchedule
    .map((entry) => `${entry.checkpoint} ${entry.percent === null ? (entry.raw ?? "") : `${entry.percent}%`}`.trim())
    .join("; ");
}

/** The first flag of the highest severity: flags are in review order, so this is the one a reviewer meets first. */
function worstFlag(flags: readonly Flag[]): Flag | null {
  return flags.reduce<Flag | null>((worst, flag) => (worst === null || SEVERITY_ORDER[flag.severity] < SEVERITY_ORDER[worst.severity] ? flag : worst), null);
}

/** The confidence as a short decimal: it is a score, not money, so rounding to 3 places loses nothing that matters. */
/** A 0–1 confidence as text with three decimals; null stays null. */
export function confidenceText(confidence: number | null | undefined): string | null {
  return confidence === null || confidence === undefined ? null : String(Math.round(confidence * 1000) / 1000);
}

/** An object of named cells as JSON text, in its own key order; null when it has no entry. */
export function jsonObject(named: Readonly<Record<string, string>>): string | null {
  return Object.keys(named).length === 0 ? null : JSON.stringify(named);
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
