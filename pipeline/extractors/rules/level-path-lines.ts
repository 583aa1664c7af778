import { NO_INDICATOR_EXTRAS, type ExtractedIndicator } from "../../../schemas/extracted-project.js";
import type { Row } from "../../../schemas/layout.js";
import { LEVEL1_NAMES, LEVEL2_NAMES } from "../../domain/taxonomy.js";
import { describeRow } from "./describe-row.js";
import { isTrailerRow } from "./indicator-rows.js";
import { splitListItem, splitTrailingWord } from "./split-list-item.js";
import { isSectionHeading } from "./stacked-lines.js";

/** One indicator line whose levels are joined into a path: `产出指标—数量指标—培训人次：≥300人次`. */
export interface LevelPathLine {
  readonly level1: string;
  readonly level2: string;
  readonly name: string;
  readonly value: string;
  /** Why the split into name and value is less than certain, or null when a colon or a gap separated them. */
  readonly doubt: string | null;
}

// Whatever a hand joins the levels with: dashes of every width (`--`, `——` too), a slash, an arrow or a greater-than sign, a
// bar, a middle dot, an enumeration comma, or the numeral 一 standing for a dash (typed so by hand, and what OCR
// reads a dash as: `产出指标一数量指标一…`), alone, so that a name beginning with 一 (`—一次性补助…`) keeps it.
// Spaces around it are part of it.
const JOINER = String.raw`\s*(?:[—–\-－]{1,3}|[/／>＞→|｜·、]|一)\s*`;
// A name may be written short, without its 指标 (`产出-数量-…`): the taxonomy rules read it as the same category.
const byLength = (names: readonly string[]) =>
  [...new Set(names.flatMap((name) => [name, name.replace(/指标$/u, "")]))].sort((a, b) => b.length - a.length).join("|");
// A level 2 the taxonomy does not know is still a level 2 when it is written as one (`…指标`) between two
// joiners: the taxonomy rules then say it is unknown, which is what a person would want to see.
const LEVEL_PATH = new RegExp(
  String.raw`^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[(（]\d{1,2}[)）])?\s*(${byLength(LEVEL1_NAMES)})${JOINER}(${byLength(LEVEL2_NAMES)}|[\u4e00-\u9fff]{2,10}指标)${JOINER}(\S.*)$`,
  "u",
);

/**
 * Reads one line `一级<j>二级<j>三级<s>指标值`, the joiner `<j>` whatever the hand used, the value after a colon
 * (either width) or a gap. Null for a line that does not open with a level-1 name, a joiner and a level-2 name.
 */
export function readLevelPathLine(text: string): LevelPathLine | null {
  const match = LEVEL_PATH.exec(text.trim());
  if (!match) return null;
  const [, level1, level2, rest] = match as unknown as [string, string, string, string];
  const item = rest.trim();
  // The first colon ends the name: a path line's name is short and holds none, while a value may (`1:500`).
  const colon = /^([^:：]+?)\s*[:：]\s*(.*)$/u.exec(item);
  if (colon) return { level1, level2, name: colon[1]!, value: colon[2]!.trim(), doubt: null };
  // No colon: the last gap, when what follows it reads as a target.
  const gap = /^(.*\S)\s+(\S+)$/u.exec(item);
  if (gap) {
    const recognised = splitListItem(item)?.value === gap[2];
    return { level1, level2, name: gap[1]!, value: gap[2]!, doubt: recognised ? null : `the value "${gap[2]}" was taken as the text after the last gap` };
  }
  const split = splitListItem(item) ?? splitTrailingWord(item);
  if (split) return { level1, level2, name: split.name, value: split.value, doubt: `the value "${split.value}" was told apart from the name by its wording only` };
  return { level1, level2, name: item, value: "", doubt: `no target value could be told apart from the name "${item}"` };
}

/** Whether the row is such a line. */
export function isLevelPathRow(row: Row): boolean {
  return readLevelPathLine(lineOf(row)) !== null;
}

/**
 * The indicators of a run of level-path lines, from its first line to a section heading or a table trailer.
 * A line in between that is no path is the wrapped rest of the line above (its name when it has no value yet,
 * else its value); a doubt says so, since a wrapped line and a stray one look alike.
 */
export function readLevelPathLines(rows: readonly Row[]): { indicators: ExtractedIndicator[]; uncertainties: string[] } {
  const indicators: ExtractedIndicator[] = [];
  const uncertainties: string[] = [];
  // Whether the last line's name was closed (by a colon or a gap): a wrapped line then goes on with its value.
  let nameClosed = false;
  for (const row of rows) {
    const text = lineOf(row);
    if (text === "") continue;
    if (isTrailerRow(row) || isSectionHeading(text)) break;
    const line = readLevelPathLine(text);
    const previous = indicators.at(-1);
    if (line === null) {
      if (previous === undefined) continue;
      const wrapped = previous.value === "" && !nameClosed ? { ...previous, level3: `${previous.level3}${text}` } : { ...previous, value: `${previous.value}${text}` };
      indicators[indicators.length - 1] = wrapped;
      uncertainties.push(`${describeRow(row)}: "${text}" is no level path; it was read as the rest of the indicator above ("${wrapped.level3}").`);
      continue;
    }
    nameClosed = line.value !== "" || line.doubt === null;
    if (line.doubt !== null) uncertainties.push(`${describeRow(row)}: ${line.doubt}.`);
    indicators.push({ ...NO_INDICATOR_EXTRAS, level1: line.level1, level2: line.level2, level3: line.name, value: line.value, description: null, basis: null });
  }
  return { indicators, uncertainties };
}

function lineOf(row: Row): string {
  return row.cells
    .map((cell) => cell.text.trim())
    .filter((text) => text !== "")
    .join(" ")
    .trim();
}
