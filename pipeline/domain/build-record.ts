import type { Evidence } from "../../schemas/evidence.js";
import type { ExtractedProject, MoneyUnit } from "../../schemas/extracted-project.js";
import type { Cell } from "../../schemas/layout.js";
import type { Amount, ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentContext, ProjectUnit } from "../../schemas/project-unit.js";
import type { ExtractionResult } from "../extractors/extraction-result.js";
import { compact } from "./cell-text.js";
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
  const cells = [...unit.rows, ...unit.contextRows].flatMap((row) => row.cells);
  const evidence: Record<string, Evidence> = {};
  const ground = (path: string, value: string | null, near?: Cell, after = false) => {
    const cell = value ? findCell(cells, value, near, after) : undefined;
    if (cell) evidence[path] = { page: cell.page, text: cell.text, box: cell.box };
    return cell;
  };

  ground("project.name", project.projectName);
  ground("project.code", project.projectCode);
  ground("project.attribute", project.projectAttribute);
  ground("project.period", project.projectPeriod);
  ground("project.department", project.department);
  ground("project.implementingUnit", project.implementingUnit);
  ground("money.total", project.totalAmount);
  ground("money.fiscal", project.fiscalAmount);
  ground("money.carryover", project.carryoverAmount);
  ground("money.other", project.otherAmount);
  ground("money.projectExpenditure", project.projectExpenditure);
  ground("money.basicExpenditure", project.basicExpenditure);
  ground("money.use", project.fundUse);
  ground("goals", project.goals);
  ground("longTermGoals", project.longTermGoals);

  // Indicators come in table order, so each name is looked for from the previous one's cell on: a name a
  // table repeats under two categories (seed 000 lists 非正常上访人员滞留率 twice) gets its own row.
  let previousNameCell: Cell | undefined;
  const indicators = project.indicators.map((indicator, index) => {
    const level2 = splitLevel2(indicator.level2);
    const nameCell = ground(`indicators.${index}.level3`, indicator.level3, previousNameCell, true);
    previousNameCell = nameCell ?? previousNameCell;
    ground(`indicators.${index}.value`, indicator.value, nameCell);
    ground(`indicators.${index}.valueComparator`, indicator.valueComparator, nameCell);
    ground(`indicators.${index}.valueUnit`, indicator.valueUnit, nameCell);
    ground(`indicators.${index}.weight`, indicator.weight, nameCell);
    ground(`indicators.${index}.level1`, indicator.level1, nameCell);
    ground(`indicators.${index}.level2`, indicator.level2, nameCell);
    ground(`indicators.${index}.description`, indicator.description, nameCell);
    ground(`indicators.${index}.basis`, indicator.basis, nameCell);
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

  const schedule =
    project.spendingSchedule?.map((entry, index) => {
      ground(`spendingSchedule.${index}`, entry.percent);
      return { checkpoint: entry.checkpoint, raw: entry.percent, percent: percentNumber(entry.percent) };
    }) ?? null;

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

/**
 * The cell a value was read from: an exact match (whitespace ignored) first, then a cell containing it.
 * Near a given cell (an indicator's name), the same row and the rows just after it win, so `100%` is
 * grounded in its own row rather than in the first `100%` of the table.
 */
function findCell(cells: readonly Cell[], value: string, near?: Cell, after = false): Cell | undefined {
  const target = compact(value);
  if (target === "") return undefined;
  const ordered = near ? orderFrom(cells, near, after) : cells;
  return ordered.find((cell) => compact(cell.text) === target) ?? ordered.find((cell) => compact(cell.text).includes(target));
}

/** Cells from `near` on (or just after it), then the ones before it, nearest first. */
function orderFrom(cells: readonly Cell[], near: Cell, after: boolean): Cell[] {
  const index = cells.indexOf(near);
  if (index < 0) return [...cells];
  const start = after ? index + 1 : index;
  return [...cells.slice(start), ...cells.slice(0, start).reverse()];
}

/** `30.00%` → "30", `100%` → "100": the schedule's percentage as an exact decimal string. */
export function percentNumber(raw: string | null): string | null {
  const match = raw ? /^(\d+(?:\.\d+)?)\s*%?$/.exec(raw.replace(/\s+/g, "")) : null;
  if (!match) return null;
  const [integer, fraction = ""] = match[1]!.split(".");
  const trimmed = fraction.replace(/0+$/, "");
  return `${String(Number(integer))}${trimmed ? `.${trimmed}` : ""}`;
}
