import { MoneyUnitSchema } from "../schemas/extracted-project.js";
import { ProjectRecordSchema, type ProjectRecord } from "../schemas/project-record.js";
import { toFen } from "../pipeline/domain/money.js";
import { parseTargetValue } from "../pipeline/domain/parse-target-value.js";
import { splitLevel2 } from "../pipeline/domain/taxonomy.js";
import { normalizeText } from "../pipeline/normalize-text.js";
import { editableFields, type RecordEdits } from "./record-fields.js";
import type { ReviewIssue } from "./review-errors.js";
import { percentNumber } from "../pipeline/domain/build-record.js";

/** The corrected record and the fields that really changed, or why the corrections cannot stand. */
export type EditOutcome =
  | { readonly ok: true; readonly record: ProjectRecord; readonly editedPaths: readonly string[] }
  | { readonly ok: false; readonly issues: readonly ReviewIssue[] };

/**
 * A record with an analyst's corrections applied, checked by `ProjectRecordSchema` — the schema every record
 * of a run passes. Text goes through the pipeline's `normalizeText` (so a full-width `１００％` is stored as the
 * pipeline would have read it) and derived values are recomputed by the pipeline's own parsers: 分 from the
 * amount and unit, the parsed 指标值, the level-2 annotation. Flags are left as they were; re-validation is a
 * separate step. Evidence is kept: it still points at the cell the analyst corrected the reading of.
 */
export function applyEdits(original: ProjectRecord, edits: RecordEdits): EditOutcome {
  const before = editableFields(original);
  const record = structuredClone(original);
  const issues: ReviewIssue[] = [];
  const editedPaths: string[] = [];

  for (const [path, written] of Object.entries(edits)) {
    if (!Object.hasOwn(before, path)) {
      issues.push({ path, message: `${path} is not a field of this record (it has ${original.indicators.length} indicators and ${original.spendingSchedule?.length ?? 0} schedule entries)` });
      continue;
    }
    const text = normalizeText(written);
    if (text === before[path]) continue;
    const issue = setField(record, path, text);
    if (issue) issues.push(issue);
    else editedPaths.push(path);
  }
  if (editedPaths.some((path) => path.startsWith("money."))) recomputeFen(record);
  if (issues.length > 0) return { ok: false, issues };

  const parsed = ProjectRecordSchema.safeParse(record);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) };
  }
  return { ok: true, record: parsed.data, editedPaths };
}

/** Writes one field; returns an issue instead when the text cannot be that field (a money unit, say). */
function setField(record: ProjectRecord, path: string, text: string): ReviewIssue | null {
  const orNull = text === "" ? null : text;
  const [section, key, field] = path.split(".");
  switch (section) {
    case "project":
      if (key === "name") record.project.name = text;
      else if (key === "code" || key === "attribute" || key === "period" || key === "department" || key === "implementingUnit") record.project[key] = orNull;
      return null;
    case "money": {
      if (key === "unit") {
        const unit = MoneyUnitSchema.nullable().safeParse(orNull);
        if (!unit.success) return { path, message: unit.error.issues[0]?.message ?? "is not a money unit" };
        record.money.unit = unit.data;
      } else if (key === "total" || key === "fiscal" || key === "other") {
        record.money[key] = orNull === null ? null : { raw: orNull, fen: null };
      } else if (key === "use") {
        record.money.use = orNull;
      }
      return null;
    }
    case "goals":
      record.goals = orNull;
      return null;
    case "spendingSchedule": {
      const entry = record.spendingSchedule?.[Number(key)];
      if (entry) {
        entry.raw = orNull;
        entry.percent = percentNumber(orNull);
      }
      return null;
    }
    case "indicators": {
      const indicator = record.indicators[Number(key)];
      if (!indicator) return null;
      if (field === "level1") indicator.level1 = text;
      else if (field === "level3") indicator.level3 = text;
      else if (field === "value") indicator.value = parseTargetValue(text);
      else if (field === "description") indicator.description = orNull;
      else if (field === "basis") indicator.basis = orNull;
      else if (field === "level2") {
        const level2 = splitLevel2(text);
        Object.assign(indicator, { level2: level2.name, level2Raw: text, level2Annotation: level2.annotation, required: level2.required });
      }
      return null;
    }
    default:
      return { path, message: "is not a field that can be corrected" };
  }
}

/** 分 from the written amount and the record's unit, exactly as the record builder computes it. */
function recomputeFen(record: ProjectRecord): void {
  const unit = record.money.unit;
  for (const key of ["total", "fiscal", "other"] as const) {
    const amount = record.money[key];
    if (amount) record.money[key] = { raw: amount.raw, fen: unit ? toFen(amount.raw.replace(/\s+/g, ""), unit) : null };
  }
}

