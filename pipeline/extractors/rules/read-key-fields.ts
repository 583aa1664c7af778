import type { MoneyUnit, ScheduleEntry } from "../../../schemas/extracted-project.js";
import type { Row } from "../../../schemas/layout.js";
import { compact } from "../../domain/cell-text.js";
import { describeRow } from "./describe-row.js";
import { matchHeaderKey, type HeaderField } from "./header-key.js";
import { isUnitLabel, moneyUnitOfLabel } from "./money-cells.js";
import { isCheckpoint, readSpendingSchedule } from "./spending-schedule.js";

/** What the key/value rows above the indicator header of a keyed table say. */
export interface KeyFields {
  /** Each field's value cell text, trimmed; absent when the table has no such key or leaves it empty. */
  readonly values: Partial<Record<HeaderField, string>>;
  readonly moneyUnit: MoneyUnit | null;
  /** The first cell of a row above the first key row: the vertical family's issuing unit. */
  readonly leadingText: string | null;
  readonly spendingSchedule: ScheduleEntry[] | null;
  readonly problems: string[];
}

// A title or year line inside the table is no issuing unit.
const TABLE_TITLE = /绩效目标|申报表|公开表|^[(（]?\d{4}年度?[)）]?$/;

// Fields whose text may stand in the row below their key, spanning the table (vertical: 资金用途).
const VALUE_BELOW: readonly HeaderField[] = ["fundUse", "goals"];

/**
 * Reads key/value rows: a key cell's value is the next cell of its row that is neither a key nor a unit
 * label. Keys are found by name (`header-key.ts`), so their columns may be anywhere.
 */
export function readKeyFields(rows: readonly Row[]): KeyFields {
  const values: Partial<Record<HeaderField, string>> = {};
  const problems: string[] = [];
  const units = new Set<MoneyUnit>();
  let leadingText: string | null = null;
  let spendingSchedule: ScheduleEntry[] | null = null;
  let seenKey = false;
  let pending: HeaderField | null = null;

  const setValue = (field: HeaderField, text: string, row: Row) => {
    const previous = values[field];
    if (previous === undefined) values[field] = text;
    else if (previous !== text) problems.push(`${describeRow(row)} gives a second ${field} "${text}"; the first, "${previous}", was kept.`);
  };

  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    const cells = row.cells.filter((cell) => cell.text.trim() !== "").sort((a, b) => a.column - b.column);
    for (const cell of cells) {
      const unit = moneyUnitOfLabel(cell.text);
      if (unit && (isUnitLabel(cell.text) || matchHeaderKey(cell.text) !== null)) units.add(unit);
    }
    const fields = cells.map((cell) => matchHeaderKey(cell.text));

    if (fields.includes("spendingSchedule") || cells.filter((cell) => isCheckpoint(cell.text)).length >= 2) {
      const next = rows[index + 1];
      const nextHasKey = next?.cells.some((cell) => matchHeaderKey(cell.text) !== null) ?? true;
      const reading = readSpendingSchedule(row, nextHasKey ? undefined : next);
      spendingSchedule = reading.entries;
      problems.push(...reading.problems.map((problem) => `${describeRow(row)}: ${problem}.`));
      if (nextHasKey) problems.push(`${describeRow(row)}: the spending schedule has no row of percentages under it.`);
      else index++;
      seenKey = true;
      pending = null;
      continue;
    }

    if (fields.every((field) => field === null)) {
      const texts = cells.filter((cell) => !isUnitLabel(cell.text));
      if (pending !== null && texts.length > 0) {
        setValue(pending, texts[0]!.text.trim(), row);
        if (texts.length > 1) problems.push(`${describeRow(row)}: only the first of its cells was read as ${pending}.`);
      } else if (!seenKey && leadingText === null && texts.length > 0 && !TABLE_TITLE.test(compact(texts[0]!.text))) {
        leadingText = texts[0]!.text.trim();
      }
      pending = null;
      continue;
    }

    seenKey = true;
    pending = null;
    fields.forEach((field, cellIndex) => {
      if (field === null || field === "moneyGroup" || field === "spendingSchedule") return;
      const next = cells[cellIndex + 1];
      if (next && fields[cellIndex + 1] === null && !isUnitLabel(next.text)) setValue(field, next.text.trim(), row);
      else if (VALUE_BELOW.includes(field)) pending = field;
    });
  }

  if (units.size > 1) problems.push(`The table states its money in both ${[...units].join(" and ")}.`);
  return { values, moneyUnit: units.values().next().value ?? null, leadingText, spendingSchedule, problems };
}
