import { compact } from "./cell-text.js";
import { fieldOfLabel, type FormField } from "./field-labels.js";

/**
 * What a column of an indicator table holds. Columns have roles, not positions: a role is read from the
 * header cell's wording (with synonyms, the way templates of different provinces name the same thing), and
 * every reader places cells by role, never by "the last cell is the value".
 */
export type IndicatorRole =
  | "level1"
  | "level2"
  | "level3"
  /** 指标值: the target, or its bare number where comparator and unit have columns of their own. */
  | "value"
  /** A comparator column (≥ = ≤), often headed 指标性质 or 符号. */
  | "comparator"
  /** 度量单位 / 计量单位. */
  | "unit"
  /** 权重 / 分值. */
  | "weight"
  /** 指标方向性: 正向 / 反向. */
  | "direction"
  /** 指标性质 when it says 定量 / 定性. */
  | "nature"
  | "description"
  | "basis"
  /** 评（扣）分标准. */
  | "scoringRule"
  | "remark";

/** Columns that belong to the project rather than to one indicator (row lists, tables with a row per indicator). */
export type ProjectRole =
  | "unitName"
  | "unitCode"
  | "projectName"
  | "projectCode"
  /** The project's (annual) total: 预算数, 项目金额, 年度资金总额, 项目总预算 …. */
  | "amount"
  /** The parts of the total, where the table gives them columns of their own (其中：财政拨款 | 其他资金). */
  | "fiscalAmount"
  | "carryoverAmount"
  | "otherAmount"
  | "goals"
  | "serial"
  | "indicatorList";

const PROJECT_ROLES: readonly ProjectRole[] = [
  "unitName", "unitCode", "projectName", "projectCode", "amount", "fiscalAmount", "carryoverAmount", "otherAmount", "goals", "serial", "indicatorList",
];

/**
 * `blockLabel`: the merged label column of an indicator block (`绩效指标`, `名称`), holding no data.
 * `evaluation`: columns of a self-evaluation (绩效自评表: 实际完成值, 得分), which is not a target table.
 * `other`: a named column the vocabulary does not know; kept under its name, never taken for a value.
 */
export type ColumnRole = IndicatorRole | ProjectRole | "blockLabel" | "evaluation" | "other";

/** The indicator roles that hold an indicator's own text (everything but its level 1 and level 2). */
export const INDICATOR_TEXT_ROLES: readonly IndicatorRole[] = [
  "level3",
  "description",
  "comparator",
  "value",
  "unit",
  "weight",
  "direction",
  "nature",
  "basis",
  "scoringRule",
  "remark",
];

export interface HeaderRole {
  readonly role: ColumnRole;
  /** The header text as written (spaces removed), the name an `other` column is kept under. */
  readonly name: string;
  /** A total stated in a weight header: `分值权重（90）` → "90". */
  readonly statedTotal: string | null;
}

// Tested in this order, on the label without spaces, trailing colon or bracketed suffix: 指标值确定依据 also
// starts with 指标值, 指标值(包含数字及文字描述) also says 描述 (the bracket is dropped before the test),
// 单位及项目名称 also says 单位.
const PATTERNS: ReadonlyArray<readonly [ColumnRole, RegExp]> = [
  ["basis", /依据/u],
  ["scoringRule", /评[（(]?扣[)）]?分|评分|计分|扣分|考核(方法|标准|办法)|评价标准|评分规则/u],
  ["evaluation", /实际完成|完成值|实际值|得分|完成情况|偏差|未完成原因/u],
  ["weight", /^(指标)?(权重|分值|分值权重|权重分值|分数|满分|标准分)$/u],
  ["direction", /方向/u],
  ["comparator", /^(指标)?(符号|比较符号?|运算符号?|关系符号?|计算符号)$/u],
  ["nature", /^(指标)?(性质|类型|属性|类别)$/u],
  ["unit", /^(度量|计量|指标|计算)?单位$|^(度量|计量)$/u],
  ["level1", /^一级(指标)?(名称)?$/u],
  ["level2", /^二级(指标)?(名称)?$/u],
  ["level3", /^(三级(指标)?(名称)?|(绩效)?指标名称|具体指标|指标内容|指标项目?)$/u],
  // 指标值说明 / 目标值解释 explain the target beside it: a description, not a second value column.
  ["value", /^(年度|绩效|预期|本年度?|当年)?(指标)?(指标值|目标值|标准值)(?!说明|解释|描述|释义|内涵|定义)/u],
  ["description", /描述|解释|说明|内涵|释义|定义|计算公式/u],
  ["remark", /^备注$/u],
  ["projectName", /^(单位(名称)?及)?项目(名称|全称)$|^项目名称及(单位|编码)$|^项目名称全称$/u],
  ["projectCode", /^项目(编码|代码|编号)$/u],
  ["unitName", /^((部门|单位|预算单位|部门[(（]单位[)）]|主管部门|实施单位)(名称)?|预算单位)$/u],
  ["unitCode", /^(部门|单位|预算单位)(编码|代码|编号)$/u],
  ["serial", /^(序号|编号|编码|代码)$/u],
  ["amount", /^(项目)?(金额|预算数|预算金额|资金总额|总额|预算|资金|年度预算|预算资金|资金合计|合计|年度资金总额|预算安排|申请金额)$/u],
  ["indicatorList", /^(年度|项目)?(绩效)?指标$/u],
  ["goals", /目标/u],
  ["blockLabel", /^(名称|绩效|项目)$/u],
];

/**
 * The label of a header cell without what varies between templates: spaces, a trailing colon, a bracketed
 * suffix (a unit `（万元）`, a total `（90）`, a note `（包含数字及文字描述）`).
 */
function headerLabel(text: string): { label: string; bracket: string | null } {
  let label = compact(text).replace(/[:：]$/u, "");
  let bracket: string | null = null;
  const match = /^(.+?)[(（]([^()（）]*)[)）]$/u.exec(label);
  if (match) {
    label = match[1]!;
    bracket = match[2]!;
  }
  return { label: label.replace(/[:：]$/u, ""), bracket };
}

/** The roles of a project's money columns: its total and the parts of it. */
export const MONEY_ROLES: readonly ColumnRole[] = ["amount", "fiscalAmount", "carryoverAmount", "otherAmount"];

// Money columns of a project named as a key–value form names them (项目总预算, 其中：财政拨款, 上年结转资金):
// one vocabulary for forms and tables, so a label the forms know is known as a column too.
const MONEY_FIELD_ROLES: Partial<Record<FormField, ProjectRole>> = {
  totalAmount: "amount",
  projectBudget: "amount",
  fiscalAmount: "fiscalAmount",
  carryoverAmount: "carryoverAmount",
  otherAmount: "otherAmount",
};

/**
 * Characters a scan's recognizer reads for 目 (`自标值` for 目标值, `项日名称` for 项目名称). A header label no role
 * names as read is tried once more with them as 目: header names are a closed vocabulary, and no column name
 * has 自 or 日 where one with 目 is known, so the second try cannot take one known column for another.
 */
const MU_LOOKALIKE = /[自日]/u;
const asMu = (text: string) => text.replace(/[自日]/gu, "目");

function roleOfLabel(label: string, text: string): ColumnRole | null {
  return PATTERNS.find(([, pattern]) => pattern.test(label))?.[0] ?? MONEY_FIELD_ROLES[fieldOfLabel(text) ?? "otherField"] ?? null;
}

/** The role a header cell names, or null when the text is no column name (an empty cell, a value). */
export function roleOfHeaderText(text: string): HeaderRole | null {
  const { label, bracket } = headerLabel(text);
  if (label === "" || label.length > 16) return null;
  const role = roleOfLabel(label, text) ?? (MU_LOOKALIKE.test(label) ? roleOfLabel(asMu(label), asMu(text)) : null);
  if (role === null) return null;
  const statedTotal = role === "weight" && bracket !== null && /^\d+(\.\d+)?$/u.test(bracket) ? bracket : null;
  return { role, name: compact(text), statedTotal };
}

/** True for a role that describes one indicator (as opposed to its project or the table's labels). */
export function isIndicatorRole(role: ColumnRole): role is IndicatorRole {
  return role === "level1" || role === "level2" || (INDICATOR_TEXT_ROLES as readonly string[]).includes(role);
}

/** True for a role that describes the project a row belongs to. */
export function isProjectRole(role: ColumnRole): role is ProjectRole {
  return (PROJECT_ROLES as readonly string[]).includes(role);
}

// What a comparator cell holds: symbols or words of a relation, nothing else.
const COMPARATOR_CELL = /^(≥|≤|>|<|=|＝|≧|≦|>=|<=|大于等于|小于等于|不低于|不少于|不高于|不超过|不大于|不小于|大于|小于|等于|高于|低于)$/u;

/** A comparator cell's text (`≥`, `＝`, `大于等于`). */
export function isComparatorCell(text: string): boolean {
  return COMPARATOR_CELL.test(compact(text));
}

/** A nature cell's text: 定量 / 定性 (with or without 指标). */
export function isNatureCell(text: string): boolean {
  return /^(定量|定性)(指标)?$/u.test(compact(text));
}
