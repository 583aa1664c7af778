import type { Row } from "../../../schemas/layout.js";
import { compact } from "../../domain/cell-text.js";
import { parseTargetValue } from "../../domain/parse-target-value.js";
import { matchLevel1, matchLevel2 } from "../../domain/taxonomy.js";
import { headerColumnOf } from "./header-column-of.js";
import { columnOfRole, roleAtColumn, TEXT_ROLES, type IndicatorHeader, type IndicatorRole } from "./indicator-header.js";
import { cleanLevelName } from "./clean-level-name.js";

/** One indicator row read into its parts. Level names are null when the row leaves them to merged cells above. */
export interface PlacedRow {
  readonly level1: string | null;
  readonly level2: string | null;
  /** The level 3, description, value and basis this row gives; a role the row leaves empty is absent. */
  readonly text: Partial<Record<IndicatorRole, string>>;
  /** Why the reading of this row may be wrong; empty when every cell found its place. */
  readonly problems: readonly string[];
}

type CellKind = "level1" | "level2" | "either" | "text";

interface PositionedCell {
  readonly text: string;
  readonly column: number;
  readonly role: IndicatorRole | null;
  kind: CellKind;
}

// The row label of the indicator block (`绩效指标` in a merged first column) names no indicator.
const BLOCK_LABEL = /^(年度|项目)?(绩效)?指标$/;

/**
 * Places the cells of one indicator row by content first, columns second, because real tables are not
 * regular: merged cells leave level 1 and 2 blank, and whole rows slip one column left or right.
 *
 * - A cell naming a known level 1 or level 2 is that level, wherever it sits. Bare 成本指标 is both a
 *   level 1 (newer templates) and a level 2 (older ones): it is the level 1 only when a level 2 follows.
 * - If every other cell sits under a level-3, description, value or basis column, and no level name sits
 *   right of its own column, the columns are trusted.
 * - Otherwise the row is shifted and its text cells are read in order: the first is the level 3 and, when
 *   there are two, the last is the value. A single text cell is a name with an empty value: a shifted
 *   row never moves a name into the value slot, so no value is invented.
 */
export function placeIndicatorRow(row: Row, header: IndicatorHeader): PlacedRow {
  const problems: string[] = [];
  const cells: PositionedCell[] = row.cells
    .filter((cell) => cell.text.trim() !== "" && !BLOCK_LABEL.test(compact(cell.text)))
    .map((cell): PositionedCell => {
      const column = headerColumnOf(cell, row, header.row);
      const text = cell.text.trim();
      const level1 = matchLevel1(text) !== null;
      const level2 = matchLevel2(text) !== null;
      const kind: CellKind = level1 && level2 ? "either" : level1 ? "level1" : level2 ? "level2" : "text";
      return { text, column, role: roleAtColumn(header, column), kind };
    })
    .sort((a, b) => a.column - b.column);
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
  const full = texts.some((cell) => cell.role === "level3") && texts.some((cell) => cell.role === "value");
  let unknownLevel1: PositionedCell | null = null;
  let unknownLevel2: PositionedCell | null = null;
  if (full) {
    unknownLevel1 = level1 === null ? (texts.find((cell) => cell.role === "level1") ?? null) : null;
    unknownLevel2 = level2 === null ? (texts.find((cell) => cell.role === "level2") ?? null) : null;
    if (unknownLevel1) problems.push(`the level 1 "${unknownLevel1.text}" is not a known name`);
    if (unknownLevel2) problems.push(`the level 2 "${unknownLevel2.text}" is not a known name`);
  }
  const rest = texts.filter((cell) => cell !== unknownLevel1 && cell !== unknownLevel2);

  const text: Partial<Record<IndicatorRole, string>> = {};
  const shiftedRight = isRightOf(level1, columnOfRole(header, "level1")?.last) || isRightOf(level2, columnOfRole(header, "level2")?.last);
  const roles = rest.map((cell) => cell.role);
  const fitsColumns =
    !shiftedRight && roles.every((role) => role !== null && TEXT_ROLES.includes(role)) && new Set(roles).size === roles.length;
  if (fitsColumns) {
    rest.forEach((cell) => (text[cell.role!] = cell.text));
  } else {
    const slots = TEXT_ROLES.filter((role) => columnOfRole(header, role) !== undefined);
    if (rest.length === 1) text.level3 = rest[0]!.text;
    else if (rest.length === slots.length) rest.forEach((cell, index) => (text[slots[index]!] = cell.text));
    else if (rest.length === 2) {
      text.level3 = rest[0]!.text;
      text.value = rest[1]!.text;
      problems.push("the row is shifted and its two text cells could be any of name, description, value and basis");
    } else if (rest.length > 0) {
      problems.push(`the row is shifted and its ${rest.length} text cells do not match the ${slots.length} indicator columns`);
      text.level3 = rest[0]!.text;
      text.value = rest.at(-1)!.text;
    }
    // Nothing anchors a shifted row without level names: `效率指标 | 某某完成率` is as likely an unknown
    // level 2 and a name as a name and a value, so the value has to look like one.
    if (level1 === null && level2 === null && text.value !== undefined && !looksLikeValue(text.value)) {
      problems.push(`the row is shifted and "${text.value}" does not read as a target value`);
    }
  }

  return {
    level1: cleanLevelName(level1?.text ?? unknownLevel1?.text ?? null),
    level2: cleanLevelName(level2?.text ?? unknownLevel2?.text ?? null),
    text,
    problems,
  };
}

// A target value is short: a number with its unit, a date, or a word or two (逐步提高, 有所提升).
function looksLikeValue(text: string): boolean {
  const parsed = parseTargetValue(text);
  return parsed.kind === "numeric" || parsed.kind === "period" || (compact(text).length <= 8 && !/指标$/.test(compact(text)));
}

function isRightOf(cell: PositionedCell | null, lastColumn: number | undefined): boolean {
  return cell !== null && lastColumn !== undefined && cell.column > lastColumn;
}
