import type { ExtractedProject, MoneyUnit } from "../../schemas/extracted-project.js";
import type { Amount, ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentContext, ProjectUnit } from "../../schemas/project-unit.js";
import type { ExtractionResult } from "../extractors/extraction-result.js";
import { groundEvidence } from "./ground-evidence.js";
import { toFen } from "./money.js";
import { indicatorExtras, targetText } from "./indicator-extras.js";
import { parseTargetValue } from "./parse-target-value.js";
import { splitLevel2 } from "./taxonomy.js";

/**
 * Turns what an extractor copied into the output record: parsed values, exact money, the level-2
 * annotation split off, a stable id, and evidence for every field found in the unit's cells.
 * Flags are added later by the validate stage; this never drops or rewrites a copied value.
 */
export function buildRecord(unit: ProjectUnit, document: DocumentContext, result: ExtractionResult): ProjectRecord {
  const project = result.project;
  const evidence = groundEvidence(unit, project);

  const indicators = project.indicators.map((indicator) => {
    const level2 = splitLevel2(indicator.level2);
    return {
      level1: indicator.level1,
      level2: level2.name,
      level2Raw: indicator.level2,
      level2Annotation: level2.annotation,
      required: level2.required,
      level3: indicator.level3,
      value: parseTargetValue(targetText(indicator)),
      ...indicatorExtras(indicator),
      description: indicator.description,
      basis: indicator.basis,
    };
  });

  const schedule = project.spendingSchedule?.map((entry) => ({ checkpoint: entry.checkpoint, raw: entry.percent, percent: percentNumber(entry.percent) })) ?? null;

  const amount = (raw: string | null): Amount | null =>
    raw === null ? null : { raw, fen: project.moneyUnit ? toFen(raw.replace(/\s+/g, ""), project.moneyUnit) : null };
  const departmentTotal = document.departmentTotal
    ? { raw: document.departmentTotal.raw, fen: toFen(document.departmentTotal.raw, document.departmentTotal.unit as MoneyUnit) }
    : null;

  return {
    id: `${document.sha256.slice(0, 16)}-${String(unit.index).padStart(3, "0")}`,
    document: {
      path: document.path,
      sha256: document.sha256,
      pageCount: document.pageCount,
      title: document.title,
      region: document.region,
      year: document.year,
    },
    unit: { index: unit.index, kind: project.kind, family: unit.family, pages: unit.pages, department: document.department, departmentTotal },
    extraction: {
      extractor: result.extractor,
      model: result.model,
      promptVersion: result.promptVersion,
      usage: result.usage,
      failedAttemptUsage: result.failedAttemptUsage,
      attempts: result.attempts,
      cached: result.cached,
      uncertainties: [...result.uncertainties, ...(result.routedBecause ?? []).map((reason) => `routed to the LLM: ${reason}`)],
      confidence: result.confidence ?? null,
      ...(result.notSentToModel ? { notSentToModel: result.notSentToModel } : {}),
      ...(result.readFromImage ? { readFromImage: result.readFromImage.map((reading) => ({ ...reading, box: { ...reading.box } })) } : {}),
    },
    project: {
      name: project.projectName,
      code: project.projectCode,
      attribute: project.projectAttribute,
      period: project.projectPeriod,
      department: project.department,
      implementingUnit: project.implementingUnit,
    },
    money: {
      unit: project.moneyUnit,
      total: amount(project.totalAmount),
      fiscal: amount(project.fiscalAmount),
      carryover: amount(project.carryoverAmount),
      other: amount(project.otherAmount),
      projectExpenditure: amount(project.projectExpenditure),
      basicExpenditure: amount(project.basicExpenditure),
      use: project.fundUse,
    },
    goals: project.goals,
    longTermGoals: project.longTermGoals,
    otherFields: Object.fromEntries(project.otherFields.map((field) => [field.name, field.text])),
    spendingSchedule: schedule,
    indicators,
    evidence,
    flags: [],
  };
}

/** `30.00%` → "30", `100%` → "100": the schedule's percentage as an exact decimal string. */
export function percentNumber(raw: string | null): string | null {
  const match = raw ? /^(\d+(?:\.\d+)?)\s*%?$/.exec(raw.replace(/\s+/g, "")) : null;
  if (!match) return null;
  const [integer, fraction = ""] = match[1]!.split(".");
  const trimmed = fraction.replace(/0+$/, "");
  return `${String(Number(integer))}${trimmed ? `.${trimmed}` : ""}`;
}
