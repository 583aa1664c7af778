import { moneyFromValue } from "../../pipeline/domain/money.js";
import type { IndicatorRow } from "./indicator-row.js";
import { yuanText } from "./money-columns.js";
import { confidenceText, jsonObject } from "./project-columns.js";
import type { TableColumn } from "./table-column.js";

/**
 * What `level1` and `level2` hold when the document gives an indicator no such level (its cell is blank and
 * nothing carries down from above). An empty field would read as missing (NaN in pandas, which a group-by
 * drops without a word); the marker keeps those rows in every group-by and pivot, and cannot be a level name.
 */
export const EMPTY_LEVEL_MARKER = "（空）";

/**
 * Columns of the `indicators` table, one row per indicator. The project's key columns are repeated so that
 * a spreadsheet filter or a pandas group-by needs no join. `position` is the `N` of the record's field
 * paths (`indicators.N.value` in evidence and flags), so a row can always be traced back.
 */
export const INDICATOR_COLUMNS: readonly TableColumn<IndicatorRow>[] = [
  { name: "record_id", zh: "记录编号", type: "text", unit: null, description: "The project's `projects.id`", value: (row) => row.record.id },
  { name: "position", zh: "指标序号", type: "integer", unit: null, description: "Position of the indicator in its project, from 0: the `N` of `indicators.N` in `flags.path`", value: (row) => row.position },
  { name: "region", zh: "地区", type: "text", unit: null, description: "As `projects.region`", value: (row) => row.record.document.region },
  { name: "year", zh: "年度", type: "integer", unit: "年", description: "As `projects.year`", value: (row) => row.record.document.year },
  { name: "department", zh: "主管部门", type: "text", unit: null, description: "As `projects.department`", value: (row) => row.record.project.department },
  { name: "project_name", zh: "项目名称", type: "text", unit: null, description: "As `projects.name`", value: (row) => row.record.project.name },
  { name: "project_code", zh: "项目编码", type: "text", unit: null, description: "As `projects.code`", value: (row) => row.record.project.code },
  { name: "level1", zh: "一级指标", type: "text", unit: null, description: `一级指标 as written (carried down over merged cells); \`${EMPTY_LEVEL_MARKER}\` when the document gives none`, value: (row) => levelName(row.indicator.level1) },
  {
    name: "level2",
    zh: "二级指标",
    type: "text",
    unit: null,
    description: `二级指标 without its (必填…) annotation or list numbering; \`${EMPTY_LEVEL_MARKER}\` when the document gives the indicator none (then \`level2_raw\` is empty). Never an empty field, so a group-by keeps these rows`,
    value: (row) => levelName(row.indicator.level2),
  },
  { name: "level2_raw", zh: "二级指标（原文）", type: "text", unit: null, description: "二级指标 as written, annotation included; empty when the document gives none", value: (row) => row.indicator.level2Raw },
  { name: "level2_annotation", zh: "二级指标标注", type: "text", unit: null, description: "The annotation of the level-2 name as written: 必填, 必填硬性指标, 必填量化 or 选填; empty when none", value: (row) => row.indicator.level2Annotation },
  { name: "required", zh: "是否必填", type: "boolean", unit: null, description: "true for a 必填… annotation, false for 选填, empty when unannotated", value: (row) => row.indicator.required },
  { name: "level3", zh: "三级指标", type: "text", unit: null, description: "三级指标 (the indicator's name) as written", value: (row) => row.indicator.level3 },
  { name: "value_raw", zh: "指标值", type: "text", unit: null, description: "指标值 as written (joined with its comparator and unit cells where the table splits them; the parts are in `value_parts_*`)", value: (row) => row.indicator.value.raw },
  { name: "value_kind", zh: "指标值类型", type: "text", unit: null, description: "How the target parsed: `numeric`, `qualitative`, `period` or `empty`", value: (row) => row.indicator.value.kind },
  { name: "value_comparator", zh: "比较符", type: "text", unit: null, description: "≥ ≤ > < or =, read from the target (`≥95%`, `50 次以上`, `小于 5%`); empty for a bare number", value: (row) => row.indicator.value.comparator },
  { name: "value_number", zh: "指标值数值", type: "number", unit: "value_unit", description: "The target's number (exact decimal of the text, thousands separators removed), in `value_unit`; empty when the target is not numeric", value: (row) => row.indicator.value.number },
  { name: "value_unit", zh: "计量单位", type: "text", unit: null, description: "The target's unit, normalized (百分比 → %, 人数 → 人); an unknown unit as written (and flagged)", value: (row) => row.indicator.value.unit },
  { name: "value_fen", zh: "指标值金额（分）", type: "integer", unit: "分", description: "A target in 万元 or 元 as exact integer 分; with a `value_rate` it is a unit price (`5000元/次`), not an amount to add up", value: (row) => valueMoney(row)?.fen ?? null },
  { name: "value_yuan", zh: "指标值金额（元）", type: "number", unit: "元", description: "The same amount as a number in 元, computed from the exact 分", value: (row) => yuanText(valueMoney(row)?.fen ?? null) },
  { name: "value_rate", zh: "计量基数", type: "text", unit: null, description: "Per-unit suffix of the target: `/年`, `/人/月`, `/次`", value: (row) => row.indicator.value.rate },
  { name: "value_approximate", zh: "约数", type: "boolean", unit: null, description: "The target is hedged: 余, 约, 左右, 多", value: (row) => row.indicator.value.approximate },
  { name: "value_text", zh: "指标值文字", type: "text", unit: null, description: "Normalized wording of a qualitative or period target (显著, 有所提升, 全年); empty for numbers", value: (row) => row.indicator.value.text },
  { name: "value_period_year", zh: "时限年", type: "integer", unit: "年", description: "Year a period target names (`2021年第二季度完成`)", value: (row) => row.indicator.value.period?.year ?? null },
  { name: "value_period_quarter", zh: "时限季度", type: "integer", unit: "季度", description: "Quarter (1–4) a period target names", value: (row) => row.indicator.value.period?.quarter ?? null },
  { name: "value_period_month", zh: "时限月", type: "integer", unit: "月", description: "Month (1–12) a period target names (`11月前`)", value: (row) => row.indicator.value.period?.month ?? null },
  { name: "value_period_bound", zh: "时限类型", type: "text", unit: null, description: "`by` for a deadline (前, 底, 完成), `at` for a bare point (`12月`)", value: (row) => row.indicator.value.period?.bound ?? null },
  { name: "value_parts_comparator", zh: "指标值分列：符号", type: "text", unit: null, description: "Where the table splits the target over columns: the comparator cell (指标性质 / 符号) as written", value: (row) => row.indicator.valueParts?.comparator ?? null },
  { name: "value_parts_value", zh: "指标值分列：数值", type: "text", unit: null, description: "Where the table splits the target: the 指标值 cell alone, as written", value: (row) => row.indicator.valueParts?.value ?? null },
  { name: "value_parts_unit", zh: "指标值分列：度量单位", type: "text", unit: null, description: "Where the table splits the target: the 度量单位 / 计量单位 cell as written", value: (row) => row.indicator.valueParts?.unit ?? null },
  { name: "weight_raw", zh: "权重（原文）", type: "text", unit: null, description: "权重 / 分值 as written", value: (row) => row.indicator.weight?.raw ?? null },
  { name: "weight", zh: "权重", type: "number", unit: null, description: "权重 / 分值 as a number, in the points the form gives; empty when not a plain number", value: (row) => row.indicator.weight?.number ?? null },
  { name: "direction", zh: "指标方向", type: "text", unit: null, description: "指标方向性 read as 正向 (more is better) or 反向 (less is better); empty when absent or unreadable (see `direction_raw`)", value: (row) => row.indicator.direction },
  { name: "direction_raw", zh: "指标方向（原文）", type: "text", unit: null, description: "指标方向性 as written", value: (row) => row.indicator.directionRaw },
  { name: "nature", zh: "指标性质", type: "text", unit: null, description: "指标性质 read as 定量 (quantitative) or 定性 (qualitative)", value: (row) => row.indicator.nature },
  { name: "description", zh: "绩效指标描述", type: "text", unit: null, description: "绩效指标描述 / 指标解释 where the table has that column", value: (row) => row.indicator.description },
  { name: "basis", zh: "指标值确定依据", type: "text", unit: null, description: "指标值确定依据 where the table has that column", value: (row) => row.indicator.basis },
  { name: "other_columns", zh: "其他列", type: "json", unit: null, description: "Other named columns of the row (评（扣）分标准, 备注 …) as a JSON object, header → text as written; empty when there are none", value: (row) => jsonObject(row.indicator.otherColumns) },
  { name: "evidence_page", zh: "所在页", type: "integer", unit: "页", description: "PDF page the indicator's name (else its value) was read on", value: (row) => evidencePage(row) },
  {
    name: "value_ocr_confidence",
    zh: "指标值识别置信度",
    type: "number",
    unit: null,
    description: "On a scanned page, the OCR engine's confidence (0–1) in the characters the target was read from (the lowest of them); empty for a text layer. Below `--ocr-min-confidence` the value is flagged `ocr_low_confidence`",
    value: (row) => confidenceText(row.record.evidence[`indicators.${row.position}.value`]?.ocrConfidence),
  },
  {
    name: "level3_ocr_confidence",
    zh: "三级指标识别置信度",
    type: "number",
    unit: null,
    description: "The same for the indicator's name (三级指标)",
    value: (row) => confidenceText(row.record.evidence[`indicators.${row.position}.level3`]?.ocrConfidence),
  },
  {
    name: "value_ocr_raw",
    zh: "指标值识别原文",
    type: "text",
    unit: null,
    description: "Where a misread was repaired in the target's cell (`<` for `≤`, `o` for `0` …), the cell's text as OCR read it; the repairs are in `records.jsonl` evidence (`ocrRepairs`). Empty when nothing was repaired",
    value: (row) => row.record.evidence[`indicators.${row.position}.value`]?.ocrRaw ?? null,
  },
  { name: "flag_codes", zh: "问题代码", type: "text", unit: null, description: "Codes of the flags raised on this indicator, space-separated", value: (row) => flagCodes(row) },
];

function levelName(name: string): string {
  return name.trim() === "" ? EMPTY_LEVEL_MARKER : name;
}

function valueMoney(row: IndicatorRow): { fen: number } | null {
  return moneyFromValue(row.indicator.value);
}

/** The page the indicator's name was read on, else its value's page (an empty name has no evidence). */
function evidencePage(row: IndicatorRow): number | null {
  const evidence = row.record.evidence;
  return evidence[`indicators.${row.position}.level3`]?.page ?? evidence[`indicators.${row.position}.value`]?.page ?? null;
}

/** Codes of the flags raised on this indicator (`indicators.N` or any field under it). */
function flagCodes(row: IndicatorRow): string | null {
  const prefix = `indicators.${row.position}`;
  const codes = row.record.flags.filter((flag) => flag.path === prefix || flag.path.startsWith(`${prefix}.`)).map((flag) => flag.code);
  return [...new Set(codes)].join(" ") || null;
}
