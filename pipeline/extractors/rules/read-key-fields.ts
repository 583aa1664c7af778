import type { MoneyUnit, NamedText, ScheduleEntry } from "../../../schemas/extracted-project.js";
import type { Cell, Row } from "../../../schemas/layout.js";
import { compact } from "../../domain/cell-text.js";
import { fieldOfLabel, splitAtLabels, type FormField } from "../../domain/field-labels.js";
import { describeRow } from "./describe-row.js";
import { isPlainAmount, isUnitLabel, moneyUnitOfLabel } from "./money-cells.js";
import { isCheckpoint, readSpendingSchedule } from "./spending-schedule.js";

/** Fields with one value each; `otherField` labels are kept by name instead. */
export type KeyField = Exclude<FormField, "moneyGroup" | "spendingSchedule" | "otherField">;

/** What the key/value rows above the indicator header of a form say. */
export interface KeyFields {
  /** Each field's value text, trimmed; absent when the form has no such label or leaves it empty. */
  readonly values: Partial<Record<KeyField, string>>;
  /** Known labels without a field of their own (年度履职目标, 项目负责人 …), with their values. */
  readonly otherFields: NamedText[];
  readonly moneyUnit: MoneyUnit | null;
  /** The first text of a row above the first label row: the vertical family's issuing unit. */
  readonly leadingText: string | null;
  readonly spendingSchedule: ScheduleEntry[] | null;
  readonly problems: string[];
}

const MONEY_FIELDS: readonly FormField[] = ["moneyGroup", "totalAmount", "projectBudget", "fiscalAmount", "carryoverAmount", "otherAmount"];

// Fields whose text may stand in the row below their label, spanning the form (vertical: 资金用途).
const VALUE_BELOW: readonly FormField[] = ["fundUse", "goals", "longTermGoals", "otherField"];

// A title or year line inside the table is no issuing unit.
const TABLE_TITLE = /绩效目标|申报表|公开表|^[(（]?\d{4}年度?[)）]?$/u;

/** A piece of a row: a label (with the field it introduces) or a value, with the cell it came from. */
type Piece =
  | { readonly kind: "label"; readonly field: FormField; readonly label: string; readonly unit: MoneyUnit | null; readonly cell: Cell }
  | { readonly kind: "value"; readonly text: string; readonly cell: Cell };

/**
 * Reads key/value rows. A label's value is the next piece of its row that is not a label (labels left of
 * their values), or — in a row of labels only — the cell under it in the next row (labels above their
 * values: two goal columns side by side, a funds block). Labels are found by name (`field-labels.ts`) inside
 * cells as well, so a value cell run together with the next label (`0.00 其他资金`) or a row whose inner
 * borders a scan lost still reads.
 */
export function readKeyFields(rows: readonly Row[], options: { readonly runTogether?: boolean } = {}): KeyFields {
  const values: Partial<Record<KeyField, string>> = {};
  const otherFields: NamedText[] = [];
  const problems: string[] = [];
  const units = new Set<MoneyUnit>();
  let leadingText: string | null = null;
  let spendingSchedule: ScheduleEntry[] | null = null;
  let seenLabel = false;
  let pending: { field: FormField; label: string } | null = null;
  // A text label merged down over rows of its own (年度目标 over 目标1 / 目标2 / 目标3): the rows it spans that
  // hold no label go on with its value.
  let spanning: { field: KeyField | "otherField"; label: string; rowsLeft: number } | null = null;

  const setValue = (field: FormField, label: string, text: string, row: Row) => {
    if (text === "") return;
    if (field === "otherField") {
      otherFields.push({ name: compact(label), text });
      return;
    }
    // A group label with an amount of its own (`项目资金（万元） | 84.00`, `其中：财政拨款 | …` below) states the total.
    if (field === "moneyGroup" && /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:万元|元)?$/u.test(text.trim())) {
      setValue("totalAmount", label, text, row);
      return;
    }
    if (field === "moneyGroup" || field === "spendingSchedule") return;
    const previous = values[field];
    if (previous === undefined) values[field] = text;
    else if (previous !== text) problems.push(`${describeRow(row)} gives a second ${label} "${text}"; the first, "${previous}", was kept.`);
  };

  // The next line of a value that spans rows; an otherField's lines go on its last entry.
  const appendValue = (field: KeyField | "otherField", label: string, text: string) => {
    if (field === "otherField") {
      const last = otherFields.at(-1);
      if (last && last.name === compact(label)) otherFields[otherFields.length - 1] = { ...last, text: `${last.text}\n${text}` };
      return;
    }
    values[field] = values[field] === undefined ? text : `${values[field]}\n${text}`;
  };

  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]!;
    const cells = row.cells.filter((cell) => cell.text.trim() !== "").sort((a, b) => a.column - b.column);
    for (const cell of cells) {
      const unit = moneyUnitOfLabel(cell.text);
      if (unit) units.add(unit);
    }
    const pieces = cells.flatMap((cell) => piecesOf(cell, options.runTogether ?? false));
    for (const piece of pieces) if (piece.kind === "label" && piece.unit) units.add(piece.unit);
    const labels = pieces.filter((piece) => piece.kind === "label");

    if (labels.some((piece) => piece.field === "spendingSchedule") || cells.filter((cell) => isCheckpoint(cell.text)).length >= 2) {
      const next = rows[index + 1];
      const nextHasLabel = next === undefined || next.cells.some((cell) => cell.text.trim() !== "" && cellHasLabel(cell, options.runTogether ?? false));
      const reading = readSpendingSchedule(row, nextHasLabel ? undefined : next);
      spendingSchedule = reading.entries;
      problems.push(...reading.problems.map((problem) => `${describeRow(row)}: ${problem}.`));
      if (nextHasLabel) problems.push(`${describeRow(row)}: the spending schedule has no row of percentages under it.`);
      else index++;
      seenLabel = true;
      pending = null;
      continue;
    }

    if (spanning !== null && spanning.rowsLeft > 0 && labels.length === 0) {
      spanning.rowsLeft--;
      const text = pieces.flatMap((piece) => (piece.kind === "value" ? [piece.text] : [])).join("\n");
      if (text !== "") appendValue(spanning.field, spanning.label, text);
      continue;
    }
    spanning = null;

    if (labels.length === 0) {
      const texts = pieces.filter((piece): piece is Extract<Piece, { kind: "value" }> => piece.kind === "value");
      if (pending !== null && texts.length > 0) {
        setValue(pending.field, pending.label, texts.map((piece) => piece.text).join("\n"), row);
      } else if (!seenLabel && leadingText === null && texts.length > 0 && !TABLE_TITLE.test(compact(texts[0]!.text))) {
        leadingText = texts[0]!.text;
      }
      pending = null;
      continue;
    }

    seenLabel = true;
    pending = null;
    const next = rows[index + 1];
    const valuesBelow = pieces.every((piece) => piece.kind === "label") && next !== undefined ? valueRowBelow(next, options.runTogether ?? false) : null;
    if (valuesBelow) {
      // Labels above their values: each label takes the cells of the next row that lie under it.
      for (const piece of labels) setValue(piece.field, piece.label, valuesUnder(piece.cell, valuesBelow, labels), row);
      index++;
      continue;
    }
    const unknownHeads = next === undefined ? null : unknownLabelsOverAmounts(pieces, next, options.runTogether ?? false);
    if (unknownHeads) {
      // A funds block with a heading the vocabulary lacks (总额 | 财政资金 | 某某资金 over a row of amounts): the
      // text is a label too, not the value of the label before it. Its amount is kept under its own name, doubted.
      const heads = [...labels, ...unknownHeads];
      const amounts = next!.cells.filter((cell) => cell.text.trim() !== "");
      for (const piece of labels) setValue(piece.field, piece.label, valuesUnder(piece.cell, amounts, heads), row);
      for (const head of unknownHeads) {
        const amount = valuesUnder(head.cell, amounts, heads);
        if (amount === "") continue;
        otherFields.push({ name: compact(head.label), text: amount });
        problems.push(`${describeRow(row)}: "${compact(head.label)}" heads an amount (${amount}) but is no money label the reader knows; it is kept under its own name and is not counted in the total's parts.`);
      }
      index++;
      continue;
    }
    for (const [pieceIndex, piece] of pieces.entries()) {
      if (piece.kind !== "label") continue;
      const after = pieces[pieceIndex + 1];
      if (after?.kind === "value") setValue(piece.field, piece.label, after.text, row);
      else if (VALUE_BELOW.includes(piece.field)) pending = { field: piece.field, label: piece.label };
      // Only a text field whose label is the row's only one spans rows of its own values.
      if (after?.kind === "value" && labels.length === 1 && piece.cell.rowSpan > 1 && VALUE_BELOW.includes(piece.field)) {
        spanning = { field: piece.field as KeyField | "otherField", label: piece.label, rowsLeft: piece.cell.rowSpan - 1 };
      }
    }
  }

  if (units.size > 1) problems.push(`The form states its money in both ${[...units].join(" and ")}.`);
  return { values, otherFields, moneyUnit: units.values().next().value ?? null, leadingText, spendingSchedule, problems };
}

/** A cell as labels and values: most cells are one or the other, a cell run together holds both. */
function piecesOf(cell: Cell, runTogether: boolean): Piece[] {
  if (isUnitLabel(cell.text)) return [];
  const whole = fieldOfLabel(cell.text);
  if (whole !== null) return [{ kind: "label", field: whole, label: cell.text.trim(), unit: moneyUnitOfLabel(cell.text), cell }];
  const parts = splitAtLabels(cell.text.trim(), { runTogether });
  return parts.flatMap((part): Piece[] => {
    const pieces: Piece[] = [];
    if (part.field !== null && part.label !== null) pieces.push({ kind: "label", field: part.field, label: part.label, unit: part.unit, cell });
    if (part.value !== "" && !isUnitLabel(part.value)) pieces.push({ kind: "value", text: part.value, cell });
    return pieces;
  });
}

function cellHasLabel(cell: Cell, runTogether: boolean): boolean {
  return piecesOf(cell, runTogether).some((piece) => piece.kind === "label");
}

/**
 * In a row of labels whose other pieces are short words, not amounts, over a row of amounts only (one per
 * piece): those words, as labels of no known field. Null for any other row (a label and its value beside it).
 */
function unknownLabelsOverAmounts(pieces: readonly Piece[], next: Row, runTogether: boolean): Array<Extract<Piece, { kind: "label" }>> | null {
  const words = pieces.filter((piece): piece is Extract<Piece, { kind: "value" }> => piece.kind === "value");
  if (words.length === 0 || pieces.length < 2 || words.some((piece) => !/^[\u4e00-\u9fff]{2,8}$/u.test(compact(piece.text)))) return null;
  // Only in a funds block: the row names money (资金总额, 财政资金 …), so its words are money headings too.
  if (!pieces.some((piece) => piece.kind === "label" && MONEY_FIELDS.includes(piece.field))) return null;
  // Each piece its own cell, so that the amounts below can be placed under them.
  if (new Set(pieces.map((piece) => piece.cell)).size !== pieces.length) return null;
  // A group label merged down beside the block (项目资金（万元）) heads no column of amounts.
  const columns = pieces.filter((piece) => !(piece.kind === "label" && piece.field === "moneyGroup"));
  const below = valueRowBelow(next, runTogether);
  if (below === null || below.length !== columns.length || !below.every((cell) => isPlainAmount(cell.text))) return null;
  return words.map((piece) => ({ kind: "label", field: "otherField", label: piece.text, unit: null, cell: piece.cell }));
}

/** The next row when it holds values only (no label): the values of a row of labels above it. */
function valueRowBelow(next: Row, runTogether: boolean): Cell[] | null {
  const cells = next.cells.filter((cell) => cell.text.trim() !== "");
  if (cells.length === 0 || cells.some((cell) => cellHasLabel(cell, runTogether))) return null;
  return cells;
}

/**
 * The text of the cells under a label: each value cell goes to the label it overlaps most (or, overlapping
 * none, the nearest), so a value cell wider than its label still finds it.
 */
function valuesUnder(label: Cell, cells: readonly Cell[], labels: ReadonlyArray<Extract<Piece, { kind: "label" }>>): string {
  const overlap = (a: Cell, b: Cell) => Math.min(a.box.x + a.box.width, b.box.x + b.box.width) - Math.max(a.box.x, b.box.x);
  const centre = (cell: Cell) => cell.box.x + cell.box.width / 2;
  const ownerOf = (cell: Cell): Cell =>
    labels
      .map((piece) => piece.cell)
      .reduce((best, candidate) => {
        const gain = overlap(candidate, cell) - overlap(best, cell);
        if (gain !== 0) return gain > 0 ? candidate : best;
        return Math.abs(centre(candidate) - centre(cell)) < Math.abs(centre(best) - centre(cell)) ? candidate : best;
      });
  return cells
    .filter((cell) => ownerOf(cell) === label)
    .map((cell) => cell.text.trim())
    .join("\n");
}
