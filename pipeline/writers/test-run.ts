/**
 * A small run for the writer tests, internal to them: two done documents with seed text (门源县 2024 in
 * 万元, 顺平县 2021 in 元) and one failed document. It carries what a writer must survive: Chinese text, a
 * goals cell with commas, quotes and line breaks, document text that starts like a formula, a negative
 * number, a form feed from a converter, an empty value, 291.88 万元 (= 291880000 分), document-level flags,
 * an indicator with no level 2, the columns beside a value (weight, direction, other columns), other labeled
 * fields, and a manifest row (region, year, 备注) on the 门源县 documents, the failed one included.
 * Records are deliberately out of order, as a concurrent run hands them over.
 */
import { SCHEDULE_CHECKPOINTS, type MoneyUnit } from "../../schemas/extracted-project.js";
import type { Evidence } from "../../schemas/evidence.js";
import type { Flag } from "../../schemas/flag.js";
import type { Amount, IndicatorRecord, ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentResult } from "../../schemas/run-summary.js";
import { toFen } from "../domain/money.js";
import { NO_RECORD_INDICATOR_EXTRAS } from "../domain/indicator-extras.js";
import { parseTargetValue } from "../domain/parse-target-value.js";
import { splitLevel2 } from "../domain/taxonomy.js";
import { documentSourceOf, type DocumentSource } from "./document-source.js";

const ROW_LIST = {
  path: "fixtures/pdf/seed-002-row-list.pdf",
  sha256: "cf3f15496d9d5f33".padEnd(64, "a"),
  pageCount: 4,
  title: "门源县政府办2024年部门预算项目支出绩效目标公开表",
  region: "门源县",
  year: 2024,
  metadata: { region: "门源县", year: "2024", 备注: "第一批, 已核对" } as Readonly<Record<string, string>> | undefined,
};
const VERTICAL = {
  path: "fixtures/pdf/seed-003-vertical.pdf",
  sha256: "da12ff3c3ef1dc10".padEnd(64, "b"),
  pageCount: 9,
  title: "顺平县人民政府办公室2021年部门预算绩效目标表",
  region: "顺平县",
  year: 2021,
  metadata: undefined as Readonly<Record<string, string>> | undefined,
};

/** The goals text of seed 002's first project, with an ASCII comma, quotes and both kinds of line break. */
export const GOALS_WITH_LINE_BREAKS = '目标一：整理装订群众来信来访案件档案，一案一册。\n目标二：制定宣传《信访条例》, "法律法规"工作档案。\r\n目标三：进一步完善档案整理规范化工作。';

/** An indicator name as a hostile or broken PDF could carry it: Excel would run it if it were a formula. */
export const FORMULA_LIKE_NAME = '=HYPERLINK("http://example.invalid","提升信访工作办理效率")';

export function sampleRun(): { records: ProjectRecord[]; documents: DocumentResult[] } {
  const rowList0 = record(ROW_LIST, 0, "row-list", {
    name: "信访档案整理及工作经费",
    code: "1",
    department: "【004】门源县政府办",
    unit: "万元",
    total: "1.28",
    fiscal: "1.28",
    other: null,
    goals: GOALS_WITH_LINE_BREAKS,
    indicators: [
      indicator("产出指标", "(一)数量指标", "整理装订群众来信案件档案一案一册", "≥30批"),
      indicator("产出指标", "(二)质量指标", "合格率", "=100%"),
      indicator("产出指标", "(四)成本指标", "预计全年装订信访档案成本", "≥0.5万元"),
      indicator("效益指标", "社会效益指标", FORMULA_LIKE_NAME, "提升"),
      indicator("效益指标", "社会效益指标", "信访积案同比变化", "-5%"),
      indicator("效益指标", "可持续影响指标", "信访档案整理工作年限", "长期", { description: "-每年复核一次", basis: "@信访条例" }),
    ],
    evidence: { "project.name": evidence(1, "信访档案整理及工作经费"), "indicators.0.level3": evidence(1, "整理装订群众来信案件档案一案一册"), "indicators.1.value": evidence(2, "合格率 100%") },
    flags: [flag("required_category_missing", "warning", "indicators", "没有服务对象满意度指标")],
  });
  const rowList1 = record(ROW_LIST, 1, "row-list", {
    name: "困难信访群众救助及工作经费",
    code: "2",
    department: "【004】门源县政府办",
    unit: "万元",
    total: "291.88",
    fiscal: "291.88",
    other: null,
    goals: "目标一：主要应对信访工作中出现复杂局面，解决无责任主体的信访问题。",
    indicators: [indicator("产出指标", "数量指标", "解决无责任主体的信访问题", "≥4（批）次"), indicator("满意度指标", "服务对象满意度指标", "信访群众满意度", "≥90%")],
    evidence: {},
    flags: [],
    extra: { longTermGoals: "化解信访积案", otherFields: { 项目负责人: "张三", 联系电话: "0970-8612345" } },
  });
  const vertical6 = record(VERTICAL, 6, "vertical", {
    name: "政府大型公务活动项目经费",
    code: "130636216T39PTY2WF094",
    department: "顺平县人民政府办公室",
    unit: "元",
    total: "195000.00",
    fiscal: "195000.00",
    other: "0.00",
    goals: "保障县政府大型公务活动顺利开展",
    schedule: ["30.00%", "60.00%", "90.00%", "100.00%"],
    indicators: [
      indicator("产出指标", "时效指标(必填)", "资金拨付及时率", "1000百分比", {
        description: "按时拨付资金",
        basis: "往年经验\f数据",
        weight: { raw: "10分", number: "10" },
        direction: "正向",
        directionRaw: "正向指标",
        nature: "定量",
        otherColumns: { "评（扣）分标准": "按时拨付得满分, 否则不得分" },
      }),
      indicator("产出指标", "数量指标(必填)", "公务活动次数", "≥5次", { valueParts: { comparator: "≥", value: "5", unit: "次" } }),
    ],
    evidence: { "indicators.0.level3": evidence(3, "资金拨付及时率"), "indicators.1.level3": evidence(4, "公务活动次数") },
    flags: [
      flag("value_percent_over_100", "error", "indicators.0.value", "及时率 1000% 超过 100%", evidence(3, "1000百分比")),
      flag("duplicate_project_name", "warning", "project.name", "同名项目出现两次"),
    ],
  });
  const vertical7 = record(VERTICAL, 7, "vertical", {
    name: "政府大型公务活动项目经费",
    code: "130636216T39PTY2WF095",
    department: "顺平县人民政府办公室",
    unit: "元",
    total: "8,000.5",
    fiscal: "约8000",
    other: null,
    goals: null,
    // The document gives this indicator no 二级指标 (a blank cell, nothing above to carry down).
    indicators: [indicator("产出指标", "", "办公设备验收合格率", "")],
    evidence: {},
    flags: [flag("value_empty", "warning", "indicators.0.value", "指标值为空"), flag("money_unparseable", "error", "money.fiscal", "财政拨款不是数字")],
    extractor: "llm",
  });

  const documents: DocumentResult[] = [
    documentResult(VERTICAL, "vertical", [vertical6, vertical7], []),
    documentResult(ROW_LIST, "row-list", [rowList0, rowList1], [
      flag("money_department_total_mismatch", "warning", "unit.departmentTotal", "项目合计 293.16 万元 ≠ 部门合计 291.88 万元", evidence(1, "291.88")),
    ]),
    {
      ...documentResult({ ...ROW_LIST, path: "fixtures/bad/truncated.pdf", pageCount: 0 }, null, [], []),
      sha256: null,
      status: "failed",
      error: {
        name: "PdfReadError",
        code: "pdf_unreadable",
        stage: "read",
        message: "Could not read fixtures/bad/truncated.pdf: the file ends before its cross-reference table. Re-download it.",
        document: "fixtures/bad/truncated.pdf",
      },
    },
  ];
  return { records: [vertical7, rowList1, vertical6, rowList0], documents };
}

/** The sample run as the writers read it: its documents, one at a time, in path order. */
export function sampleSource(): DocumentSource {
  return documentSourceOf(sampleRun().documents);
}

interface RecordSpec {
  readonly name: string;
  readonly code: string;
  readonly department: string;
  readonly unit: MoneyUnit;
  readonly total: string;
  readonly fiscal: string;
  readonly other: string | null;
  readonly goals: string | null;
  readonly schedule?: readonly string[];
  readonly indicators: readonly IndicatorRecord[];
  readonly evidence: Readonly<Record<string, Evidence>>;
  readonly flags: readonly Flag[];
  readonly extractor?: "rules" | "llm";
  readonly extra?: Partial<Pick<ProjectRecord, "longTermGoals" | "otherFields">>;
}

function record(document: typeof ROW_LIST, index: number, family: ProjectRecord["unit"]["family"], spec: RecordSpec): ProjectRecord {
  const amount = (raw: string | null): Amount | null => (raw === null ? null : { raw, fen: toFen(raw, spec.unit) });
  const llm = spec.extractor === "llm";
  return {
    id: `${document.sha256.slice(0, 16)}-${String(index).padStart(3, "0")}`,
    document,
    unit: { index, kind: "project", family, pages: [index + 1, index + 2], department: spec.department, departmentTotal: document === ROW_LIST ? { raw: "291.88", fen: 291_880_000 } : null },
    extraction: {
      extractor: spec.extractor ?? "rules",
      model: llm ? "qwen2.5-7b-instruct" : null,
      promptVersion: llm ? "extract-v3" : null,
      usage: { promptTokens: llm ? 1800 : 0, completionTokens: llm ? 420 : 0 },
      failedAttemptUsage: { promptTokens: 0, completionTokens: 0 },
      attempts: llm ? 1 : 0,
      cached: false,
      uncertainties: llm ? ["指标表跨页"] : [],
      confidence: llm ? null : 1,
    },
    project: { name: spec.name, code: spec.code, attribute: "02-经常性项目", period: `${document.year}-${document.year}`, department: spec.department, implementingUnit: `${spec.department}本级` },
    money: { unit: spec.unit, total: amount(spec.total), fiscal: amount(spec.fiscal), carryover: null, other: amount(spec.other), projectExpenditure: null, basicExpenditure: null, use: null },
    goals: spec.goals,
    longTermGoals: null,
    otherFields: {},
    spendingSchedule: spec.schedule?.map((raw, position) => ({ checkpoint: SCHEDULE_CHECKPOINTS[position] ?? "", raw, percent: String(Number.parseFloat(raw)) })) ?? null,
    indicators: [...spec.indicators],
    evidence: { ...spec.evidence },
    flags: [...spec.flags],
    ...spec.extra,
  };
}

type IndicatorColumns = { description?: string; basis?: string } & Partial<Pick<IndicatorRecord, "valueParts" | "weight" | "direction" | "directionRaw" | "nature" | "otherColumns">>;

function indicator(level1: string, level2Raw: string, level3: string, value: string, { description, basis, ...extras }: IndicatorColumns = {}): IndicatorRecord {
  const level2 = splitLevel2(level2Raw);
  return {
    level1,
    level2: level2.name,
    level2Raw,
    level2Annotation: level2.annotation,
    required: level2.required,
    level3,
    value: parseTargetValue(value),
    ...NO_RECORD_INDICATOR_EXTRAS,
    ...extras,
    description: description ?? null,
    basis: basis ?? null,
  };
}

function evidence(page: number, text: string): Evidence {
  return { page, text, box: null };
}

function flag(code: string, severity: Flag["severity"], path: string, message: string, flagEvidence: Evidence | null = null): Flag {
  return { code, severity, path, message, evidence: flagEvidence };
}

function documentResult(document: typeof ROW_LIST, family: DocumentResult["family"], records: ProjectRecord[], documentFlags: Flag[]): DocumentResult {
  return {
    path: document.path,
    sha256: document.sha256,
    status: "done",
    family,
    pageCount: document.pageCount,
    ocrPages: [],
    records,
    documentFlags,
    error: null,
    unitErrors: [],
    unitsByExtractor: { rules: records.filter((item) => item.extraction.extractor === "rules").length, llm: records.filter((item) => item.extraction.extractor === "llm").length },
    routedToLlm: 0,
    usage: { promptTokens: 0, completionTokens: 0 },
    failedAttemptUsage: { promptTokens: 0, completionTokens: 0 },
    durationMs: 1234,
    ...(document.metadata ? { metadata: document.metadata } : {}),
  };
}
