import { compact } from "../pipeline/domain/cell-text.js";
import { toFen } from "../pipeline/domain/money.js";
import type { MoneyUnit } from "../schemas/extracted-project.js";
import type { GoldProject } from "../schemas/gold.js";
import type { Amount, ProjectRecord } from "../schemas/project-record.js";
import type { FieldOutcome } from "./field-outcome.js";
import { textEqual } from "./text-equal.js";

type TextField = "projectCode" | "projectAttribute" | "projectPeriod" | "department" | "implementingUnit" | "fundUse" | "goals" | "longTermGoals";

const TEXT_FIELDS: ReadonlyArray<readonly [TextField, (record: ProjectRecord) => string | null, string]> = [
  ["projectCode", (record) => record.project.code, "project.code"],
  ["projectAttribute", (record) => record.project.attribute, "project.attribute"],
  ["projectPeriod", (record) => record.project.period, "project.period"],
  ["department", (record) => record.project.department, "project.department"],
  ["implementingUnit", (record) => record.project.implementingUnit, "project.implementingUnit"],
  ["fundUse", (record) => record.money.use, "money.use"],
  ["goals", (record) => record.goals, "goals"],
  ["longTermGoals", (record) => record.longTermGoals, "longTermGoals"],
];

const MONEY_FIELDS = [
  ["totalAmount", "total"],
  ["fiscalAmount", "fiscal"],
  ["carryoverAmount", "carryover"],
  ["otherAmount", "other"],
  ["projectExpenditure", "projectExpenditure"],
  ["basicExpenditure", "basicExpenditure"],
] as const;

/**
 * Every header and money field of a matched project, gold against record. Text is compared with
 * whitespace removed; money exactly, in integer 分, so `8.00 万元` and `80000.00 元` agree and `8.00` and
 * `8.01` do not.
 */
export function compareProjectFields(gold: GoldProject, record: ProjectRecord): FieldOutcome[] {
  const outcomes: FieldOutcome[] = [
    { field: "kind", correct: gold.kind === record.unit.kind, gold: gold.kind, got: record.unit.kind, evidencePath: "project.name" },
    {
      field: "projectName",
      correct: compact(gold.projectName) === compact(record.project.name),
      gold: gold.projectName,
      got: record.project.name,
      evidencePath: "project.name",
    },
  ];
  for (const [field, read, evidencePath] of TEXT_FIELDS) {
    const got = read(record);
    outcomes.push({ field, correct: textEqual(gold[field], got), gold: shown(gold[field]), got: shown(got), evidencePath });
  }
  outcomes.push({
    field: "moneyUnit",
    correct: gold.moneyUnit === record.money.unit,
    gold: shown(gold.moneyUnit),
    got: shown(record.money.unit),
    evidencePath: "money.total",
  });
  for (const [field, key] of MONEY_FIELDS) {
    const amount = record.money[key];
    outcomes.push({
      field,
      correct: amountEqual(gold[field], gold.moneyUnit, amount),
      gold: gold[field] === null ? "(none)" : `${gold[field]} ${gold.moneyUnit ?? "(no unit)"}`,
      got: amount === null ? "(none)" : `${amount.raw} ${record.money.unit ?? "(no unit)"}${amount.fen === null ? "" : ` = ${amount.fen} 分`}`,
      evidencePath: `money.${key}`,
    });
  }
  outcomes.push({
    field: "spendingSchedule",
    correct: scheduleEqual(gold.spendingSchedule, record.spendingSchedule),
    gold: gold.spendingSchedule ? gold.spendingSchedule.map((entry) => `${entry.checkpoint} ${entry.percent ?? "—"}`).join(", ") : "(none)",
    got: record.spendingSchedule ? record.spendingSchedule.map((entry) => `${entry.checkpoint} ${entry.raw ?? "—"}`).join(", ") : "(none)",
    evidencePath: "spendingSchedule.0",
  });
  return outcomes;
}

function shown(value: string | null): string {
  return value === null ? "(none)" : value;
}

/**
 * Money agrees when both sides are absent, or both are the same number of 分. When the gold amount is not
 * a plain decimal (so has no value in 分), the written text must agree instead.
 */
function amountEqual(goldRaw: string | null, goldUnit: MoneyUnit | null, got: Amount | null): boolean {
  const goldBlank = goldRaw === null || compact(goldRaw) === "";
  const gotBlank = got === null || compact(got.raw) === "";
  if (goldBlank || gotBlank) return goldBlank && gotBlank;
  const goldFen = goldUnit === null ? null : toFen(compact(goldRaw), goldUnit);
  if (goldFen === null) return compact(goldRaw) === compact(got.raw);
  return goldFen === got.fen;
}

function scheduleEqual(gold: GoldProject["spendingSchedule"], got: ProjectRecord["spendingSchedule"]): boolean {
  if (gold === null || got === null) return gold === null && got === null;
  return (
    gold.length === got.length &&
    gold.every((entry, index) => textEqual(entry.checkpoint, got[index]?.checkpoint ?? null) && textEqual(entry.percent, got[index]?.raw ?? null))
  );
}
