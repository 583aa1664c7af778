import type { NamedText } from "../../../schemas/extracted-project.js";
import type { Row } from "../../../schemas/layout.js";
import { compact } from "../../domain/cell-text.js";
import { INDICATOR_TEXT_ROLES, isComparatorCell, isNatureCell, isProjectRole, type IndicatorRole } from "../../domain/column-roles.js";
import { parseTargetValue } from "../../domain/parse-target-value.js";
import { matchLevel1, matchLevel2 } from "../../domain/taxonomy.js";
import { columnOfRole, headerColumnOf, type HeaderColumn, type TableHeader } from "../../tables/read-table-header.js";
import { cleanLevelName } from "./clean-level-name.js";

/** One indicator row read into its parts. Level names are null when the row leaves them to merged cells above. */
export interface PlacedRow {
  readonly level1: string | null;
  readonly level2: string | null;
  /** The indicator's own text by role; a role the row leaves empty is absent. */
  readonly text: Partial<Record<IndicatorRole, string>>;
  /** Cells under columns the vocabulary does not know, under their header's name. */
  readonly otherColumns: readonly NamedText[];
  /** Why the reading of this row may be wrong; empty when every cell found its place. */
  readonly problems: readonly string[];
}

type CellKind = "level1" | "level2" | "either" | "text";

interface PositionedCell {
  readonly text: string;
  readonly x: number;
  readonly column: HeaderColumn | null;
  kind: CellKind;
}

// The row label of the indicator block (`绩效指标` in a merged first column) names no indicator.
const BLOCK_LABEL = /^(年度|项目)?(绩效)?指标$/u;

/** The header columns an indicator's own text goes into, in header order (known roles and named unknown ones). */
function textColumns(header: TableHeader): HeaderColumn[] {
  return header.columns.filter((column) => column.role === "other" || (INDICATOR_TEXT_ROLES as readonly string[]).includes(column.role));
}

/**
 * Places the cells of one indicator row. Level names are placed by content first, because real tables are not
 * regular: merged cells leave level 1 and 2 blank, and whole rows slip a column left or right. Every other
 * cell is placed by the role of the header column it sits under — never by "the last cell is the value".
 *
 * - A cell naming a known level 1 or level 2 is that level, wherever it sits. Bare 成本指标 is both a
 *   level 1 (newer templates) and a level 2 (older ones): it is the level 1 only when a level 2 follows.
 * - If every other cell sits under an indicator column of its own and no level name sits right of its own
 *   column, the columns are trusted, unknown ones included (kept under their names).
 * - Otherwise the row is shifted: its text cells are read in order into the header's indicator columns when
 *   there are exactly as many; a shifted row that does not fit is read as name (and value) and says so.
 */
export function placeIndicatorRow(row: Row, header: TableHeader): PlacedRow {
  const problems: string[] = [];
  const cells: PositionedCell[] = row.cells
    .filter((cell) => cell.text.trim() !== "" && !BLOCK_LABEL.test(compact(cell.text)))
    .map((cell): PositionedCell => {
      const text = cell.text.trim();
      const level1 = matchLevel1(text) !== null;
      const level2 = matchLevel2(text) !== null;
      const kind: CellKind = level1 && level2 ? "either" : level1 ? "level1" : level2 ? "level2" : "text";
      return { text, x: cell.box.x, column: headerColumnOf(cell, row, header), kind };
    })
    // A table with a row per indicator keeps the project's cells (name, amount, goals) in the same rows.
    .filter((cell) => cell.column === null || !isProjectRole(cell.column.role))
    .sort((a, b) => a.x - b.x);
  cells.forEach((cell, index) => {
    if (cell.kind === "either") cell.kind = cells.slice(index + 1).some((later) => later.kind === "level2") ? "level1" : "level2";
  });

  let level1: PositionedCell | null = null;
  let level2: PositionedCell | null = null;
  const texts: PositionedCell[] = [];
  for (const cell of cells) {
    const misplaced = texts.length > 0 || (cell.kind === "level1" && (level1 !== null || level2 !== null)) || (cell.kind === "level2" && level2 !== null);
    if (cell.kind !== "text" && misplaced) problems.push(`the level name "${cell.text}" is out of order and was read as indicator text`);
    if (cell.kind === "level1" && !misplaced) level1 = cell;
    else if (cell.kind === "level2" && !misplaced) level2 = cell;
    else texts.push(cell);
  }

  // A full row (name and value under their own columns) keeps an unknown level name where it stands.
  const full = texts.some((cell) => cell.column?.role === "level3") && texts.some((cell) => cell.column?.role === "value");
  let unknownLevel1: PositionedCell | null = null;
  let unknownLevel2: PositionedCell | null = null;
  if (full) {
    unknownLevel1 = level1 === null ? (texts.find((cell) => cell.column?.role === "level1") ?? null) : null;
    unknownLevel2 = level2 === null ? (texts.find((cell) => cell.column?.role === "level2") ?? null) : null;
    if (unknownLevel1) problems.push(`the level 1 "${unknownLevel1.text}" is not a known name`);
    if (unknownLevel2) problems.push(`the level 2 "${unknownLevel2.text}" is not a known name`);
  }
  const rest = texts.filter((cell) => cell !== unknownLevel1 && cell !== unknownLevel2);

  const slots = textColumns(header);
  const shiftedRight = isRightOf(level1, columnOfRole(header, "level1")) || isRightOf(level2, columnOfRole(header, "level2"));
  const fitsColumns =
    !shiftedRight && rest.every((cell) => cell.column !== null && slots.includes(cell.column)) && new Set(rest.map((cell) => cell.column)).size === rest.length;
  const placed = new Map<HeaderColumn, string>();
  const name = columnOfRole(header, "level3");
  const value = columnOfRole(header, "value");
  if (fitsColumns) {
    for (const cell of rest) placed.set(cell.column!, cell.text);
  } else if (rest.length === slots.length) {
    rest.forEach((cell, index) => placed.set(slots[index]!, cell.text));
  } else if (rest.length > 0) {
    if (name) placed.set(name, rest[0]!.text);
    if (rest.length >= 2 && value) placed.set(value, rest.at(-1)!.text);
    if (rest.length > 1) {
      problems.push(
        rest.length === 2
          ? `the row is shifted and its two text cells could be any of its ${slots.length} indicator columns`
          : `the row is shifted and its ${rest.length} text cells do not match the ${slots.length} indicator columns`,
      );
    }
  }
  // Nothing anchors a shifted row without level names: `效率指标 | 某某完成率` is as likely an unknown
  // level 2 and a name as a name and a value, so the value has to look like one.
  const valueText = value ? placed.get(value) : undefined;
  if (!fitsColumns && level1 === null && level2 === null && valueText !== undefined && !looksLikeValue(valueText)) {
    problems.push(`the row is shifted and "${valueText}" does not read as a target value`);
  }

  const text: Partial<Record<IndicatorRole, string>> = {};
  const otherColumns: NamedText[] = [];
  for (const [column, cellText] of placed) {
    const role = roleOfCell(column, cellText, problems);
    if (role === "other") otherColumns.push({ name: column.name, text: cellText });
    else text[role] = cellText;
  }
  // A known level 1 is kept as the taxonomy names it: a justified cell's blanks and a score written beside the
  // name (`成本指标(0-20)分`) are no part of it.
  const level1Text = cleanLevelName(level1?.text ?? unknownLevel1?.text ?? null);
  return {
    level1: level1Text === null ? null : (matchLevel1(level1Text) ?? level1Text),
    level2: cleanLevelName(level2?.text ?? unknownLevel2?.text ?? null),
    text,
    otherColumns,
    problems,
  };
}

/**
 * The role of one cell of a column. A 指标性质 column mixes comparators (`≥`, `＝`) on quantitative rows with
 * 定性 on qualitative ones, so comparator and nature are told apart cell by cell.
 */
function roleOfCell(column: HeaderColumn, text: string, problems: string[]): IndicatorRole | "other" {
  if (column.role !== "comparator" && column.role !== "nature") return column.role as IndicatorRole | "other";
  if (isComparatorCell(text)) return "comparator";
  if (isNatureCell(text)) return "nature";
  problems.push(`the ${column.name} cell "${text}" is neither a comparator nor 定量/定性`);
  return "other";
}

// A target value is short: a number with its unit, a date, or a word or two (逐步提高, 有所提升).
function looksLikeValue(text: string): boolean {
  const parsed = parseTargetValue(text);
  return parsed.kind === "numeric" || parsed.kind === "period" || (compact(text).length <= 8 && !/指标$/u.test(compact(text)));
}

function isRightOf(cell: PositionedCell | null, own: HeaderColumn | undefined): boolean {
  return cell !== null && cell.column !== null && own !== undefined && cell.column.first > own.last;
}
