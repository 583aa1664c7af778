import type { Evidence } from "../../schemas/evidence.js";
import type { ExtractedProject } from "../../schemas/extracted-project.js";
import type { Cell } from "../../schemas/layout.js";
import type { ProjectUnit } from "../../schemas/project-unit.js";
import { compact } from "./cell-text.js";
import { evidenceOfCell } from "./evidence-of-cell.js";

/** Fields read as texts compared whole (names, goals), not as values. */
const TEXT_FIELD = /(?:^project\.(?:name|department|implementingUnit)|^money\.use|^goals|^longTermGoals|\.level[123]|\.description|\.basis)$/u;

/**
 * Evidence for every field an extractor copied, keyed by field path (`project.name`, `money.total`,
 * `indicators.3.value` …): the cell of the unit (or of its context rows) each value was found in. A value
 * found nowhere gets no entry; the validate stage flags it `ungrounded`.
 */
export function groundEvidence(unit: ProjectUnit, project: ExtractedProject): Record<string, Evidence> {
  const cells = [...unit.rows, ...unit.contextRows].flatMap((row) => row.cells);
  const evidence: Record<string, Evidence> = {};
  const ground = (path: string, value: string | null, near?: Cell, after = false) => {
    const cell = value ? findCell(cells, value, near, after) : undefined;
    if (cell && value) evidence[path] = evidenceOfCell(cell, value, TEXT_FIELD.test(path) ? "text" : "value");
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
  project.indicators.forEach((indicator, index) => {
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
  });
  project.spendingSchedule?.forEach((entry, index) => ground(`spendingSchedule.${index}`, entry.percent));
  return evidence;
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
