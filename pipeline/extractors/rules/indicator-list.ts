import { NO_INDICATOR_EXTRAS, type ExtractedIndicator } from "../../../schemas/extracted-project.js";
import { LEVEL1_NAMES, LEVEL2_NAMES } from "../../domain/taxonomy.js";
import { parseTargetValue } from "../../domain/parse-target-value.js";
import { splitListItem, splitTrailingWord } from "./split-list-item.js";

/** The indicators of a row-list cell, and why any of them may be misread. */
export interface IndicatorListResult {
  readonly indicators: ExtractedIndicator[];
  readonly problems: string[];
}

type Marker =
  | { readonly kind: "level1" | "level2"; readonly start: number; readonly end: number; readonly name: string; readonly known: boolean }
  | { readonly kind: "item"; readonly start: number; readonly end: number };

const CHINESE_NUMERAL = "[一二三四五六七八九十]+";
// Items are numbered `1.` / `1、`, or `(1)` / `1)` in counties that keep `1.` for something else; all three
// restart under each heading. (Circled ① cannot be told apart here: NFKC has already made it a bare `1`.)
const CANDIDATE = new RegExp(
  `(${CHINESE_NUMERAL})\\s*、|[(（]\\s*(${CHINESE_NUMERAL})\\s*[)）]|(\\d{1,2})\\s*[.．、]|[(（]\\s*(\\d{1,2})\\s*[)）]|(\\d{1,2})\\s*[)）]`,
  "gu",
);
// Before an item number there is a boundary (start, space, the end of a value or heading), never a digit,
// a decimal point or a comparator: `≥ 0.5 万元` and `≤ 1.65万元` are values, not items 0 and 1.
const NOT_BEFORE_ITEM = /[\d.．≥≤<>=约于为到]/u;
const ANNOTATION = /^\s*[(（]\s*([^()（）]*)\s*[)）]/u;
const longestFirst = (names: readonly string[]) => [...names].sort((a, b) => b.length - a.length);
const LEVEL1_BY_LENGTH = longestFirst(LEVEL1_NAMES);
const LEVEL2_BY_LENGTH = longestFirst(LEVEL2_NAMES);

/**
 * Reads the indicator cell of a row-list project: `一、产出指标` / `(一) 数量指标:` / `1. name value`,
 * with or without line breaks between items (one flowing paragraph is common). Headings are recognised
 * by the taxonomy vocabulary; an unknown heading is kept as written and reported.
 */
export function parseIndicatorList(text: string): IndicatorListResult {
  const indicators: ExtractedIndicator[] = [];
  const problems: string[] = [];
  const markers = findMarkers(text);
  let level1: string | null = null;
  let level2 = "";

  const addItem = (raw: string) => {
    const itemText = itemTextOf(raw);
    if (itemText === "") return;
    const separated = splitListItem(itemText);
    // A scan loses the narrow space between a name and a worded target (`办理效率 提升` reads `办理效率提升`):
    // the target is then told apart by its wording only, as the flattened and level-path readers do, and said so.
    const runTogether = separated === null ? splitTrailingWord(itemText) : null;
    const item = separated ?? runTogether;
    if (item === null) problems.push(`the item "${itemText}" has no recognizable value`);
    if (runTogether) problems.push(`the value "${runTogether.value}" of the item "${itemText}" was told apart from the name by its wording only`);
    if (item !== null && item.name === "") problems.push(`the item "${itemText}" has a value but no name`);
    if (level1 === null) problems.push(`the item "${itemText}" comes before any level-1 heading`);
    indicators.push({ ...NO_INDICATOR_EXTRAS, level1: level1 ?? "", level2, level3: item?.name ?? itemText, value: item?.value ?? "", description: null, basis: null });
  };

  const preamble = text.slice(0, markers[0]?.start ?? text.length).trim();
  if (preamble !== "") problems.push(`the text "${preamble}" before the first heading could not be read`);
  markers.forEach((marker, index) => {
    let body = text.slice(marker.end, markers[index + 1]?.start ?? text.length);
    if (marker.kind === "level1") {
      level1 = marker.name;
      level2 = "";
      if (!marker.known) problems.push(`the level-1 heading "${marker.name}" is not a known name`);
      // A level 2 written without its (一) numbering: `一、产出指标 数量指标: 1. …`.
      const bare = readLevel2Name(body.trimStart());
      if (bare !== null) {
        level2 = bare.name;
        body = body.trimStart().slice(bare.length);
      }
    } else if (marker.kind === "level2") {
      level2 = marker.name;
      if (!marker.known) problems.push(`the level-2 heading "${marker.name}" is not a known name`);
    }
    addItem(body);
  });
  return { indicators, problems };
}

function findMarkers(text: string): Marker[] {
  const markers: Marker[] = [];
  let expectedItem = 1;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const afterMarker = start + match[0].length;
    if (match[1] !== undefined || match[2] !== undefined) {
      const kind = match[1] !== undefined ? "level1" : "level2";
      const heading = readHeading(text.slice(afterMarker), kind, start === 0 || /\s/u.test(text[start - 1]!));
      if (heading === null) continue;
      markers.push({ kind, start, end: afterMarker + heading.length, name: heading.name, known: heading.known });
      expectedItem = 1;
      continue;
    }
    const number = Number(match[3] ?? match[4] ?? match[5]);
    const before = text.slice(0, start).trimEnd().at(-1);
    const previousEnd = markers.at(-1)?.end ?? 0;
    if (number < 1 || (start > 0 && NOT_BEFORE_ITEM.test(text[start - 1]!)) || (before !== undefined && NOT_BEFORE_ITEM.test(before) && !/\d/u.test(before))) continue;
    // `4.12345政务服务便民热线`: a number right after the point is only an item when it is the next one
    // and stands at a boundary, else it is a decimal inside a name or a value. The end of the item before it
    // is such a boundary where a scan lost the space (`服务费28万元4.12345政务…`): what runs from the last
    // marker to here reads as a whole item, a name and its value.
    const atBoundary = () => start === 0 || /\s/u.test(text[start - 1]!) || start === previousEnd || endsAnItem(text.slice(previousEnd, start));
    if (/\d/u.test(text[afterMarker] ?? "") && !(number === expectedItem && atBoundary())) continue;
    if (markers.length > 0 && start < previousEnd) continue;
    markers.push({ kind: "item", start, end: afterMarker });
    expectedItem = number + 1;
  }
  return markers;
}

/** An item's text as one line: a cell wraps its items anywhere, a name or a value included. */
function itemTextOf(raw: string): string {
  return raw.replace(/\s*\n\s*/g, "").trim();
}

/** Whether the text is one list item that ends in its value (`公车平台流量服务费28万元`), as after an item's number. */
function endsAnItem(text: string): boolean {
  const item = splitListItem(itemTextOf(text));
  return item !== null && item.name !== "" && parseTargetValue(item.value).kind === "numeric";
}

interface Heading {
  readonly name: string;
  readonly known: boolean;
  /** Characters the heading takes after its numbering, trailing colon included. */
  readonly length: number;
}

function readHeading(rest: string, kind: "level1" | "level2", atBoundary: boolean): Heading | null {
  const known = kind === "level1" ? readLevel1Name(rest) : readLevel2Name(rest);
  if (known !== null) return known;
  // An unknown heading is only believed where it looks like one: at a boundary, a short name ending in 指标.
  const unknown = /^\s*([^\s:：()（）\d]{1,12}指标)\s*[:：]?/u.exec(rest);
  if (!atBoundary || unknown === null) return null;
  return { name: unknown[1]!, known: false, length: unknown[0].length };
}

function readLevel1Name(rest: string): Heading | null {
  const found = findKnownName(rest, LEVEL1_BY_LENGTH);
  return found === null ? null : { name: found.name, known: true, length: withColon(rest, found.end) };
}

function readLevel2Name(rest: string): Heading | null {
  const found = findKnownName(rest, LEVEL2_BY_LENGTH);
  if (found === null) return null;
  let end = found.end;
  // Keep an annotation such as (必填) as part of the name; any other bracket belongs to the item text.
  const annotation = ANNOTATION.exec(rest.slice(end));
  if (annotation && /必填|选填/u.test(annotation[1]!)) end += annotation[0].length;
  return { name: rest.slice(found.start, end).trim(), known: true, length: withColon(rest, end) };
}

function findKnownName(rest: string, names: readonly string[]): { name: string; start: number; end: number } | null {
  // A point or comma between the numbering and the name is typography (`(一)、数量指标`), or a speck a scan read
  // as one (`(一).数量指标`), never part of the name.
  const start = /^[\s.．、,，]*/u.exec(rest)![0].length;
  const name = names.find((candidate) => rest.startsWith(candidate, start));
  return name === undefined ? null : { name, start, end: start + name.length };
}

function withColon(rest: string, end: number): number {
  return end + (/^\s*[:：]/u.exec(rest.slice(end))?.[0].length ?? 0);
}
