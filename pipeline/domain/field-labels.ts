import { compact } from "./cell-text.js";

/** What a label of a key–value form (a project's or a department's header block) introduces. */
export type FormField =
  | "projectName"
  /** 部门名称: the subject of a department-overall form. */
  | "departmentName"
  | "projectCode"
  | "department"
  | "implementingUnit"
  | "projectAttribute"
  | "projectPeriod"
  /** A label over a group of amounts (项目资金（万元）, 年度预算安排): its unit, no value of its own. */
  | "moneyGroup"
  | "totalAmount"
  /** 项目总预算: a project's budget over all its years; the annual total where the form gives no other. */
  | "projectBudget"
  | "fiscalAmount"
  | "carryoverAmount"
  | "otherAmount"
  | "projectExpenditure"
  | "basicExpenditure"
  | "goals"
  | "longTermGoals"
  | "fundUse"
  | "spendingSchedule"
  /** A known label the record keeps under its own name (年度履职目标, 项目负责人 …). */
  | "otherField";

// Labels as the 财政部 templates and their provincial, central and county variants print them, compared
// without spaces, a leading 其中 or numbering, a trailing colon or a bracketed unit. Exact names, not
// substrings: a value cell that merely mentions 资金 or 目标 must never be taken for a label.
const LABELS: Readonly<Record<FormField, readonly string[]>> = {
  // 申报表 print the full name (项目全称, 项目名称（全称）: the bracket is dropped with a unit's).
  projectName: ["项目名称", "项目名", "项目全称", "项目名称全称"],
  departmentName: ["部门名称", "部门(单位)名称", "部门单位名称", "部门"],
  projectCode: ["项目编码", "项目代码", "项目编号"],
  // The department that files or budgets the project (填报部门, 预算部门) is the department over it too.
  department: ["主管部门及代码", "主管部门", "主管部门名称", "业务主管部门", "主管单位", "主管部门及编码", "填报部门", "预算部门", "申报部门"],
  implementingUnit: ["实施单位", "实施单位名称", "项目实施单位", "项目单位", "预算单位", "单位名称", "填报单位", "项目承担单位", "执行单位"],
  projectAttribute: ["项目属性"],
  projectPeriod: ["项目期", "项目周期", "项目期限", "项目起止时间", "实施期限", "项目实施期", "实施周期", "项目实施周期"],
  moneyGroup: ["项目资金", "项目资金情况", "资金情况", "项目资金申请", "年度预算安排", "资金总额及构成", "预算安排", "项目预算", "资金来源", "年度预算申请"],
  totalAmount: [
    "年度资金总额", "资金总额", "预算数", "年度预算数", "年度资金申请总额", "资金申请总额", "预算总额", "项目资金总额",
    "年度预算总额", "总额", "年度预算", "部门预算总额", "年度金额", "项目金额", "预算金额", "年度预算金额", "金额", "资金合计",
    "预算资金", "申请金额", "年度申请金额", "当年预算数", "本年预算数", "当年预算", "本年预算", "当年预算金额", "本年预算金额",
    "申报金额", "年度申报金额", "申报资金", "项目申报金额", "年度预算数额",
    // The first cell of a funds block's rows (年度资金申请总额 | 合计 | 2,360,000.00; a row of 合计 | 财政拨款 | …
    // over a row of amounts): a whole cell only, never found inside text.
    "合计", "小计",
  ],
  projectBudget: ["项目总预算", "项目总金额", "项目总额", "总预算", "项目总投资"],
  // 申报表 split the money by the level of government that pays it (其中：中央补助 | 县级配套): the grant from
  // above is read as the fiscal part and the local match as the other part, with a doubt (BY_LEVEL_LABELS).
  fiscalAmount: [
    "财政拨款", "财政资金", "当年财政拨款", "本年财政拨款", "年度财政拨款", "财政拨款资金", "一般公共预算拨款", "财政性资金",
    "中央补助", "中央补助资金", "省级补助", "省级补助资金", "上级补助", "上级补助资金", "中央资金", "省级资金", "上级资金",
  ],
  carryoverAmount: ["上年结转资金", "上年结转", "结转资金", "上年结余结转资金", "结余结转资金"],
  // 自筹资金 / 单位自筹: money the unit raises itself, the part of the total that is not 财政拨款.
  otherAmount: [
    "其他资金", "其他来源资金", "其他来源", "自筹资金", "单位自筹", "单位自筹资金", "自有资金", "社会资金",
    "县级配套", "县级配套资金", "地方配套", "地方配套资金", "本级配套", "本级配套资金", "配套资金", "市县配套", "市级配套", "县级资金",
  ],
  projectExpenditure: ["项目支出", "项目支出预算"],
  basicExpenditure: ["基本支出", "基本支出预算"],
  goals: [
    "年度总体目标", "总体目标", "绩效目标", "年度绩效目标", "年度目标", "项目绩效目标", "年度主要目标和成果", "年度主要目标",
    "年度工作目标", "部门年度总体目标", "部门整体绩效目标", "年度绩效目标和成果",
    "整体绩效目标", "单位整体绩效目标", "整体支出绩效目标", "单位年度总体目标", "年度整体绩效目标",
  ],
  longTermGoals: [
    "项目总目标", "总目标", "中长期目标", "长期目标", "整体目标", "项目中长期目标", "实施期目标", "项目长期目标", "中期目标", "项目中期目标",
    "中期绩效目标", "实施期绩效目标", "项目实施期目标",
  ],
  fundUse: ["资金用途", "预算规模及资金用途", "主要用途"],
  spendingSchedule: ["资金支出计划"],
  otherField: ["年度履职目标", "履职目标", "部门职能", "主要职能", "项目负责人", "负责人", "联系电话", "项目负责人及电话", "项目概况", "项目立项依据", "主要内容"],
};

/** Labels that split a total by who pays (中央补助, 县级配套) rather than by 财政拨款 / 其他资金: read, with a doubt. */
export const BY_LEVEL_LABELS: ReadonlySet<string> = new Set(
  [...LABELS.fiscalAmount, ...LABELS.otherAmount].filter((label) => /补助|配套|^(中央|省级|上级|县级)资金$/u.test(label)),
);

const FIELD_OF_LABEL: ReadonlyMap<string, FormField> = new Map(
  (Object.entries(LABELS) as Array<[FormField, readonly string[]]>).flatMap(([field, labels]) => labels.map((label) => [label, field] as const)),
);

/** The label without what varies: spaces, `其中：`, list numbering, a trailing colon, a bracketed unit. */
export function labelKey(text: string): string {
  return compact(text)
    .replace(/^(其中|含)[:：]?/u, "")
    .replace(/^(\d{1,2}[.、．]|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）])/u, "")
    .replace(/[:：]$/u, "")
    .replace(/[(（][^()（）]*[)）]$/u, "")
    .replace(/[:：]$/u, "");
}

/** The field a label cell introduces, or null when the cell is not a label (a value, or a label we do not read). */
export function fieldOfLabel(text: string): FormField | null {
  return FIELD_OF_LABEL.get(labelKey(text)) ?? null;
}

// 单位名称 names the subject of a unit-overall form (单位整体支出绩效目标表); in a project's form it is the
// implementing unit (the field it maps to). Segmentation decides which by what else the table holds.
const UNIT_SUBJECT_LABELS: ReadonlySet<string> = new Set(["单位名称", "预算单位名称"]);

/** True for a cell that is a 单位名称 label: a unit form's subject where no 项目名称 is near. */
export function isUnitSubjectLabel(text: string): boolean {
  return UNIT_SUBJECT_LABELS.has(labelKey(text));
}

/** One piece of a cell's text: a label and what follows it up to the next label (or the end). */
export interface LabeledPart {
  readonly field: FormField | null;
  /** The label as written, spaces removed (null for text before the first label). */
  readonly label: string | null;
  /** A money unit the label states (`项目资金(万元)`), or null. */
  readonly unit: "万元" | "元" | null;
  readonly value: string;
}

/** Fields whose value is running text: once one begins, the rest of the cell or line is its value. */
const TEXT_FIELDS: ReadonlySet<FormField> = new Set(["goals", "longTermGoals", "fundUse", "otherField"]);

// Most cells and lines hold no label at all; a substring test of the spaceless text against each label is
// far cheaper than the boundary-and-spacing regex (which tries every label at every position), so the regex
// runs only on text that may hold one. The test is a superset: the regex then decides.
const EMBEDDED_LABELS = [...FIELD_OF_LABEL.keys()].filter((label) => label.length >= 4);
const RUN_TOGETHER_LABELS = [...FIELD_OF_LABEL.keys()].filter((label) => label.length >= 3);

/** The labels whose characters stand in the text, spaces aside: the only ones the boundary regex could match. */
function labelsIn(text: string, labels: readonly string[]): string[] {
  const spaceless = compact(text);
  return labels.filter((label) => spaceless.includes(label));
}

const spaced = (label: string) => [...label].map(escape).join("\\s?");
const byLength = (labels: string[]) => labels.sort((a, b) => b.length - a.length).map(spaced).join("|");
const UNIT = "(?:\\s?[(（](万元|元)[)）])?\\s*[:：]?";
// Labels long enough to be recognised inside running text; two-character ones (总额, 部门) would match words.
// A justified cell spaces its characters out (`项 目 名 称`): a label may have blanks between any two.
// Run-together text (a conversion that dropped every separator) has labels with nothing around them.
// The regex is built for the labels a text holds (`labelsIn`), not for all of them: one alternation of every
// label took V8 about 50 ms to compile in each thread and ran slower on long cells, and a text's subset
// matches exactly where the whole set would. Built patterns are kept by label set (few sets occur).
const patterns = new Map<string, RegExp>();
function labelPattern(labels: readonly string[], runTogether: boolean): RegExp {
  const key = `${runTogether ? "R" : "E"}${labels.join("\u0000")}`;
  let pattern = patterns.get(key);
  if (!pattern) {
    const boundary = runTogether ? "()" : "(^|[\\s:：;；,，。|()（）]|(?<=\\d))";
    pattern = new RegExp(`${boundary}(?:其中[:：]?)?(${byLength([...labels])})${UNIT}`, "gu");
    if (patterns.size < MAX_PATTERNS) patterns.set(key, pattern);
  }
  return pattern;
}
const MAX_PATTERNS = 1000;

const TRAILING_SEPARATOR = /\s*[;；,，、|]+$/u;
const TRAILING_STOP = /\s*[;；,，、|。.]+$/u;

// In a bordered cell, text that runs on for longer than this before a label is prose that mentions the label.
const LONGEST_VALUE_BEFORE_LABEL = 30;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}

/**
 * Splits text where labels stand inside it: a value cell merged with the next label (`0.00 其他资金`), a
 * scanned row whose inner borders were lost (`130636216T39PTY2WF094 项目名称 县委县政府…`), a flattened line
 * (`项目名称：某某项目 主管部门：某某局`). A label counts only at a boundary (start, space, punctuation, or
 * right after a digit) and near the start of the cell, so prose that merely mentions a label's words is left
 * whole; after a label of running text (年度总体目标 …) nothing more is split. `runTogether` is for lines a
 * conversion ran together with no separator at all (`项目名称某某项目主管部门某局`): labels anywhere count.
 * Returns a single unlabeled part when the text holds no label.
 */
export function splitAtLabels(text: string, options: { readonly runTogether?: boolean } = {}): LabeledPart[] {
  const present = labelsIn(text, options.runTogether ? RUN_TOGETHER_LABELS : EMBEDDED_LABELS);
  if (present.length === 0) {
    const whole = text.trim();
    return whole === "" ? [] : [{ field: null, label: null, unit: null, value: whole }];
  }
  const parts: LabeledPart[] = [];
  let cursor = 0;
  let current: Omit<LabeledPart, "value"> = { field: null, label: null, unit: null };
  for (const match of text.matchAll(labelPattern(present, options.runTogether === true))) {
    if (current.field !== null && TEXT_FIELDS.has(current.field)) break;
    const start = match.index + match[1]!.length;
    // A separator between one pair and the next (`项目名称:某某;项目属性:…`, `240.00万元,其中…`) is no part of the value.
    const before = text.slice(cursor, start).trim().replace(TRAILING_SEPARATOR, "");
    if (!options.runTogether && current.label === null && before.length > LONGEST_VALUE_BEFORE_LABEL) break;
    if (before !== "" || current.label !== null) parts.push({ ...current, value: before });
    const label = compact(match[2]!);
    current = { field: FIELD_OF_LABEL.get(label) ?? null, label, unit: (match[3] as "万元" | "元" | undefined) ?? null };
    cursor = match.index + match[0].length;
  }
  const written = text.slice(cursor).trim();
  // The last value of a line keeps a full stop only when it is running text (a goal's sentence ends in 。).
  const rest = current.field !== null && TEXT_FIELDS.has(current.field) ? written.replace(TRAILING_SEPARATOR, "") : written.replace(TRAILING_STOP, "");
  if (rest !== "" || current.label !== null) parts.push({ ...current, value: rest });
  return parts;
}
