import { NO_INDICATOR_EXTRAS, type ExtractedIndicator } from "../../../schemas/extracted-project.js";
import type { Row } from "../../../schemas/layout.js";
import { compact } from "../../domain/cell-text.js";
import type { ColumnRole } from "../../domain/column-roles.js";
import { matchLevel1, matchLevel2 } from "../../domain/taxonomy.js";
import { readStackedHeader } from "../../tables/read-line-header.js";
import type { TableHeader } from "../../tables/read-table-header.js";
import { cleanLevelName } from "./clean-level-name.js";
import { describeRow } from "./describe-row.js";
import { isTrailerRow } from "./indicator-rows.js";

const LEVEL_ROLES: readonly ColumnRole[] = ["level1", "level2"];

/**
 * The indicators of a table whose every cell is a line of its own, in reading order, under a stacked header
 * (`tables/read-line-header.ts`): a level 1 or level 2 line stands where its merged cell began and is carried
 * down; after it, each indicator is its cells in the header's column order (三级指标, then 指标值, then any
 * column after it). A name wrapped onto a second line is told from its value by what follows: a value line
 * holds a number where the wrapped end of a name holds none. An indicator whose cells run out before the
 * next level name is kept with the doubt, never shifted into the next one's cells.
 */
export function readStackedLines(rows: readonly Row[], header: TableHeader): { indicators: ExtractedIndicator[]; uncertainties: string[] } {
  const columns = [...header.columns].sort((a, b) => a.first - b.first).filter((column) => !LEVEL_ROLES.includes(column.role));
  const end = rows.findIndex(isTrailerRow);
  const lines = (end >= 0 ? rows.slice(0, end) : rows).filter((row) => row.cells.some((cell) => cell.text.trim() !== ""));
  const indicators: ExtractedIndicator[] = [];
  const uncertainties: string[] = [];
  let level1: string | null = null;
  let level2: string | null = null;
  let cells: Map<ColumnRole | string, string> | null = null;
  let filled = 0;
  let started: Row | null = null;

  const close = () => {
    if (cells === null) return;
    if (filled < columns.length) {
      uncertainties.push(`${describeRow(started!)}: the indicator "${cells.get("level3") ?? ""}" has ${filled} of its ${columns.length} cells before the next level name.`);
    }
    if (level1 === null || level2 === null) uncertainties.push(`${describeRow(started!)}: no ${level1 === null ? "level 1" : "level 2"} is given above "${cells.get("level3") ?? ""}".`);
    const text = (role: ColumnRole) => cells!.get(role) ?? null;
    const has = (role: ColumnRole) => columns.some((column) => column.role === role);
    indicators.push({
      ...NO_INDICATOR_EXTRAS,
      level1: level1 ?? "",
      level2: level2 ?? "",
      level3: text("level3") ?? "",
      value: text("value") ?? "",
      weight: has("weight") ? text("weight") : null,
      valueUnit: has("unit") ? text("unit") : null,
      valueComparator: has("comparator") || has("nature") ? text("comparator") : null,
      description: has("description") ? (text("description") ?? "") : null,
      basis: has("basis") ? (text("basis") ?? "") : null,
      otherColumns: columns.filter((column) => column.role === "other" || column.role === "remark" || column.role === "scoringRule").map((column) => ({ name: column.name, text: cells!.get(column.name) ?? "" })),
    });
    cells = null;
    filled = 0;
  };

  for (let index = 0; index < lines.length; index++) {
    const row = lines[index]!;
    const text = row.cells.map((cell) => cell.text.trim()).filter((part) => part !== "").join(" ");
    const repeated = readStackedHeader(lines, index);
    if (repeated !== null) {
      // The header again, on the next page.
      close();
      index += repeated.lines - 1;
      continue;
    }
    if (isSectionHeading(text)) break;
    let one = matchLevel1(text);
    let two = one === null ? levelTwoOf(text) : null;
    // Bare 成本指标 is a level 1 in newer templates and a level 2 in older ones: a level 1 only when a level 2 follows.
    if (one !== null && matchLevel2(text) !== null && levelTwoOf(lineText(lines[index + 1])) === null) {
      two = levelTwoOf(text);
      one = null;
    }
    if (one !== null || two !== null) {
      close();
      if (one !== null) {
        level1 = one;
        level2 = null;
      } else {
        level2 = two;
      }
      continue;
    }
    if (cells === null) {
      cells = new Map([["level3", text]]);
      filled = 1;
      started = row;
      continue;
    }
    const column = columns[filled]!;
    const wrapped = wrapsOnto(lines, index, columns.slice(filled).map((candidate) => candidate.role));
    if (column.role === "value" && filled === 1 && wrapped) {
      // The name went on over this line; its value is the next one.
      cells.set("level3", `${cells.get("level3")}${text}`);
      continue;
    }
    cells.set(column.role === "other" || column.role === "remark" || column.role === "scoringRule" ? column.name : column.role, text);
    filled++;
    if (filled === columns.length) close();
  }
  close();
  return { indicators, uncertainties };
}

const HAS_NUMBER = /\d/u;

// `二、某某项目绩效目标`, `（三）某某经费`: the next section's heading ends the table.
const SECTION_HEADING = /^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）])\s*\S/u;

export function isSectionHeading(text: string): boolean {
  return SECTION_HEADING.test(text.trim()) && matchLevel1(text) === null && matchLevel2(text) === null;
}

function lineText(line: Row | undefined): string {
  return line ? line.cells.map((cell) => cell.text.trim()).filter((part) => part !== "").join(" ") : "";
}

/** Whether a line could be the cell of a column: a weight is a plain number, no cell is a level name. */
function fits(role: ColumnRole, text: string): boolean {
  if (text === "" || matchLevel1(text) !== null || levelTwoOf(text) !== null) return false;
  if (role === "weight") return /^\d+(\.\d+)?$/u.test(compact(text));
  return true;
}

/**
 * Whether the line at `index`, where the value is due, is rather the wrapped end of the indicator's name.
 * With columns after the value (分值 …) both readings are tried against the lines that follow: the one whose
 * cells fit their columns wins, the value reading when both do. With the value last, a line with no number
 * before a line with one (and then one without) is the name going on: `…及安全` / `生命防护工程里程` / `≥12公里`.
 */
function wrapsOnto(lines: readonly Row[], index: number, roles: readonly ColumnRole[]): boolean {
  const text = lineText(lines[index]);
  if (HAS_NUMBER.test(text)) return false;
  if (roles.length > 1) {
    const readAt = (start: number) => roles.every((role, offset) => fits(role, lineText(lines[start + offset])));
    return !readAt(index) && readAt(index + 1);
  }
  return HAS_NUMBER.test(lineText(lines[index + 1])) && !HAS_NUMBER.test(lineText(lines[index + 2]));
}

/** A level-2 line: a name of the taxonomy, or a line that names itself an indicator class (`…指标`). */
function levelTwoOf(text: string): string | null {
  const known = matchLevel2(text);
  if (known !== null) return cleanLevelName(text.trim()) ?? text.trim();
  return /指标[:：]?$/u.test(compact(text)) && compact(text).length <= 12 ? (cleanLevelName(text.trim()) ?? text.trim()) : null;
}
