/**
 * Builders for hand-made records and units in the validation tests. Internal to the tests: each builds the
 * smallest valid object and lets a test state only what its case is about, with real text from the seeds.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Evidence } from "../../schemas/evidence.js";
import { SCHEDULE_CHECKPOINTS, type MoneyUnit } from "../../schemas/extracted-project.js";
import type { Flag } from "../../schemas/flag.js";
import type { FlagCode } from "../../schemas/flag-codes.js";
import type { Row } from "../../schemas/layout.js";
import type { Amount, IndicatorRecord, ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentContext, ProjectUnit } from "../../schemas/project-unit.js";
import { toFen } from "../domain/money.js";
import { NO_RECORD_INDICATOR_EXTRAS } from "../domain/indicator-extras.js";
import { parseTargetValue } from "../domain/parse-target-value.js";
import { splitLevel2 } from "../domain/taxonomy.js";
import type { ValidationScope } from "./rule.js";
import { VALIDATION_RULES } from "./rule-registry.js";

/** One indicator row as the document writes it; the level 2 keeps its (必填) annotation, the value is parsed. */
export function indicator(
  level1: string,
  level2Raw: string,
  level3: string,
  value: string,
  columns: { readonly description?: string; readonly basis?: string } = {},
): IndicatorRecord {
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
    description: columns.description ?? null,
    basis: columns.basis ?? null,
  };
}

export function amount(raw: string, unit: MoneyUnit | null): Amount {
  return { raw, fen: unit === null ? null : toFen(raw, unit) };
}

export interface RecordSpec {
  readonly name: string;
  readonly code?: string | null;
  readonly unitIndex?: number;
  readonly pages?: readonly number[];
  readonly moneyUnit?: MoneyUnit | null;
  readonly total?: string | null;
  readonly fiscal?: string | null;
  readonly other?: string | null;
  readonly indicators?: readonly IndicatorRecord[];
  /** Cumulative percentages by 3月底, 6月底, 10月底, 12月底 as written (`30.00%`); null for an empty cell. */
  readonly schedule?: ReadonlyArray<string | null> | null;
  readonly evidence?: Readonly<Record<string, Evidence>>;
}

/** `30.00%` → "30", as the record builder stores schedule percentages. */
function schedulePercent(raw: string | null): string | null {
  const match = raw === null ? null : /^(\d+(?:\.\d+)?)%?$/.exec(raw.replace(/\s+/g, ""));
  return match ? String(Number(match[1])) : null;
}

export function projectRecord(spec: RecordSpec): ProjectRecord {
  const unit = spec.moneyUnit === undefined ? "万元" : spec.moneyUnit;
  const money = (raw: string | null | undefined) => (raw == null ? null : amount(raw, unit));
  return {
    id: `test-${String(spec.unitIndex ?? 0).padStart(3, "0")}`,
    document: { path: "fixtures/test.pdf", sha256: "0".repeat(64), pageCount: 1, title: null, region: null, year: null },
    unit: { index: spec.unitIndex ?? 0, kind: "project", family: "grid", pages: [...(spec.pages ?? [1])], department: null, departmentTotal: null },
    extraction: {
      extractor: "rules",
      model: null,
      promptVersion: null,
      usage: { promptTokens: 0, completionTokens: 0 },
      failedAttemptUsage: { promptTokens: 0, completionTokens: 0 },
      attempts: 1,
      cached: false,
      uncertainties: [],
      confidence: null,
    },
    project: { name: spec.name, code: spec.code ?? null, attribute: null, period: null, department: null, implementingUnit: null },
    money: { unit, total: money(spec.total), fiscal: money(spec.fiscal), carryover: null, other: money(spec.other), projectExpenditure: null, basicExpenditure: null, use: null },
    goals: null,
    longTermGoals: null,
    otherFields: {},
    spendingSchedule:
      spec.schedule == null
        ? null
        : spec.schedule.map((raw, index) => ({ checkpoint: SCHEDULE_CHECKPOINTS[index] ?? `${index}`, raw, percent: schedulePercent(raw) })),
    indicators: [...(spec.indicators ?? [])],
    evidence: { ...spec.evidence },
    flags: [],
  };
}

/** A unit whose rows hold the given cell texts, one inner array per row. */
export function projectUnit(index: number, rows: ReadonlyArray<readonly string[]>, heading: string | null = null): ProjectUnit {
  const box = { x: 0, y: 0, width: 10, height: 10 };
  return {
    index,
    kind: "project",
    family: "grid",
    pages: [1],
    heading,
    columns: [],
    rows: rows.map(
      (cells): Row => ({
        page: 1,
        table: 0,
        box,
        cells: cells.map((text, column) => ({ text, page: 1, box, column, columnSpan: 1, rowSpan: 1 })),
      }),
    ),
    contextRows: [],
    captions: [],
  };
}

export function documentContext(overrides: Partial<DocumentContext> = {}): DocumentContext {
  return {
    path: "fixtures/test.pdf",
    sha256: "0".repeat(64),
    pageCount: 1,
    family: "grid",
    title: null,
    region: null,
    year: null,
    department: null,
    implementingUnit: null,
    departmentTotal: null,
    moneyUnit: null,
    segmentationDoubts: [],
    overview: [],
    ...overrides,
  };
}

/** A document of the given records, with one empty unit per record unless units are given. */
export function scopeOf(records: readonly ProjectRecord[], overrides: Partial<ValidationScope> = {}): ValidationScope {
  return {
    context: overrides.context ?? documentContext(),
    units: overrides.units ?? records.map((record) => projectUnit(record.unit.index, [])),
    records,
    ...(overrides.ocrMinConfidence !== undefined ? { ocrMinConfidence: overrides.ocrMinConfidence } : {}),
  };
}

/** What one registry rule raises on one record (record rules) or on the document (document rules). */
export function raisedBy(code: FlagCode, scope: ValidationScope, record?: ProjectRecord): Flag[] {
  const rule = VALIDATION_RULES[code];
  if (rule.scope === "document") return rule.check(scope).map((finding) => finding.flag);
  const target = record ?? scope.records[0];
  return target ? rule.check(target, scope) : [];
}

/** `raisedBy` for a record alone in its document. */
export function raisedOn(code: FlagCode, record: ProjectRecord): Flag[] {
  return raisedBy(code, scopeOf([record]), record);
}

/** A JSON fixture under fixtures/validation/. */
export function validationFixture<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/validation/${name}`, import.meta.url)), "utf8")) as T;
}
