import type { GrayImage } from "./gray-image.js";
import type { Rect } from "./unread-cells.js";

/** The comparators a target's sign column holds, as their strokes tell them apart. */
export type ComparatorShape = "≥" | "≤" | ">" | "<" | "=";

/**
 * The confidence of a comparator read from its strokes where the recognizer read none, or another one: below
 * any sensible `--ocr-min-confidence`, so the value it belongs to is shown to a reviewer (ocr_low_confidence).
 * The strokes were right on every sign cell of the scanned fixtures they spoke on, but they are a second
 * opinion the recognizer did not share.
 */
export const SHAPE_CONFIDENCE = 0.5;

const FULL_WIDTH: Readonly<Record<string, ComparatorShape>> = { "＞": ">", "＜": "<", "＝": "=" };

/** The comparator a recognized character is (full-width forms as their shape), or null for any other text. */
export function comparatorOf(character: string): ComparatorShape | null {
  if (FULL_WIDTH[character]) return FULL_WIDTH[character]!;
  return character === "≥" || character === "≤" || character === ">" || character === "<" || character === "=" ? character : null;
}

/**
 * Which comparator a lone glyph is, from its strokes, or null when they do not make one clearly.
 *
 * Why: the recognizer was trained on lines of text, and the sign column of a target table (`符号 | 指标值`)
 * gives it one glyph with nothing around it. There it reads the slanted `⩾` many fonts print for `≥` as `=`
 * (at 0.44–0.54, where a real `=` reads at 0.84–0.98) and often reads `⩽` as nothing, and a target without
 * its comparator, or with the wrong one, parses as well as the truth. The strokes are unambiguous at any
 * resolution a scan is read at: `=` is two flat bars; `>` is a chevron whose tips are on the left and whose
 * apex is on the right (`<` mirrored); `≥` is that chevron with a bar under it, flat or slanted along its lower
 * arm (so some rows below the apex cross two strokes).
 *
 * Thresholds are the glyph's own: ink is what is darker than halfway between its darkest ink and its paper,
 * and a row counts only when it holds at least a quarter of the fullest row's ink (the anti-aliased fringe
 * of a stroke is not a stroke).
 *
 * @param ink the glyph's ink, inclusive pixel bounds (`InkedCell.ink`).
 */
export function comparatorShape(image: GrayImage, ink: Rect): ComparatorShape | null {
  const width = ink.right - ink.left + 1;
  const height = ink.bottom - ink.top + 1;
  if (width < MIN_SIZE || height < MIN_SIZE) return null;
  const levels = inkLevels(image, ink);
  if (levels === null) return null;
  const inked = inkRows(image, ink, levels.ink);
  const fullest = Math.max(0, ...inked.map(inkOf));
  const rows = inked.filter((row) => inkOf(row) >= MIN_ROW_SHARE * fullest);
  if (rows.length < 2) return null;
  if (isEquals(inkRows(image, ink, levels.faint), inked, width, height)) return "=";
  return chevron(rows, width, height);
}

/** A glyph smaller than this (pixels, either way) has too few rows to tell strokes apart. */
const MIN_SIZE = 5;
/** Ink must be at least this much darker than paper for there to be strokes to read. */
const MIN_CONTRAST = 60;
/** A row is a stroke's row when it holds at least this share of the fullest row's ink. */
const MIN_ROW_SHARE = 0.25;
/** A run at least this share of the glyph's width is a flat bar. */
const BAR_WIDTH = 0.6;
/** A chevron's tips are within this share of the width from one side, its apex within it from the other. */
const SIDE = 0.4;
const APEX_SIDE = 0.15;

/** One row of the glyph: its y (0 = the glyph's top) and its runs of ink as [start, end] columns, inclusive. */
interface StrokeRow {
  readonly y: number;
  readonly runs: ReadonlyArray<readonly [number, number]>;
}

/**
 * Ink: darker than halfway between the glyph's darkest ink and its paper. Faint: darker than a quarter of the
 * way, where a hairline stroke (the upright of a small `±`) still shows.
 */
function inkLevels(image: GrayImage, ink: Rect): { readonly ink: number; readonly faint: number } | null {
  const values: number[] = [];
  for (let y = ink.top; y <= ink.bottom; y++) {
    for (let x = ink.left; x <= ink.right; x++) values.push(image.data[y * image.width + x]!);
  }
  values.sort((a, b) => a - b);
  const darkest = values[Math.floor(values.length * 0.05)]!;
  // A comparator covers well under half of its box: its upper values are paper.
  const paper = values[Math.floor(values.length * 0.9)]!;
  if (paper - darkest < MIN_CONTRAST) return null;
  return { ink: (paper + darkest) / 2, faint: paper - (paper - darkest) / 4 };
}

/** The rows of the glyph's box that hold any ink. */
function inkRows(image: GrayImage, ink: Rect, threshold: number): StrokeRow[] {
  const rows: StrokeRow[] = [];
  for (let y = ink.top; y <= ink.bottom; y++) {
    const runs: Array<[number, number]> = [];
    for (let x = ink.left; x <= ink.right; x++) {
      if (image.data[y * image.width + x]! >= threshold) continue;
      const last = runs[runs.length - 1];
      if (last && last[1] === x - ink.left - 1) last[1] = x - ink.left;
      else runs.push([x - ink.left, x - ink.left]);
    }
    if (runs.length > 0) rows.push({ y: y - ink.top, runs });
  }
  return rows;
}

/**
 * Two flat bars one above the other and nothing else, much wider than tall, seen at the faint level (a scan's
 * bars are grey, and at the ink level JPEG noise breaks them): the rows holding at least half the fullest
 * row's ink are each one bar-wide run and make two groups, whose ink spans nearly the glyph's whole width and
 * ends where the other's does (二's shorter upper bar does not), and every other row with ink is the fringe of
 * a bar (± has a stroke through it).
 */
function isEquals(rows: readonly StrokeRow[], inkRows: readonly StrokeRow[], width: number, height: number): boolean {
  if (height > MAX_EQUALS_HEIGHT * width || rows.length === 0) return false;
  const fullest = Math.max(...rows.map(inkOf));
  const solid = rows.filter((row) => inkOf(row) >= 0.5 * fullest);
  if (!solid.every((row) => row.runs.length === 1 && runWidth(row.runs[0]!) >= BAR_WIDTH * width)) return false;
  if (!rows.every((row) => solid.some((bar) => Math.abs(bar.y - row.y) <= 1))) return false;
  const groups: StrokeRow[][] = [];
  for (const row of solid) {
    const group = groups[groups.length - 1];
    if (group && row.y <= group[group.length - 1]!.y + 1) group.push(row);
    else groups.push([row]);
  }
  if (groups.length !== 2) return false;
  // Where each bar ends, from its ink proper (the faint fringe at a bar's ends would hide a shorter bar).
  const ends = (group: readonly StrokeRow[]) => {
    const runs = inkRows.filter((row) => row.y >= group[0]!.y && row.y <= group[group.length - 1]!.y).flatMap((row) => row.runs);
    return runs.length === 0 ? ([0, -1] as const) : ([Math.min(...runs.map((run) => run[0])), Math.max(...runs.map((run) => run[1]))] as const);
  };
  const [upper, lower] = groups.map(ends);
  // The same bar twice: both span the glyph and end where the other does (二's upper bar is shorter at both ends).
  const slack = Math.max(1, BAR_END_SLACK * width);
  return [upper!, lower!].every(([start, end]) => end - start + 1 >= FULL_BAR_WIDTH * width) && Math.abs(upper![0] - lower![0]) <= slack && Math.abs(upper![1] - lower![1]) <= slack;
}

/** Each bar of an `=` spans the glyph: the bars are what set its width. */
/** The two bars' ends may differ by this share of the width (or a pixel): a scan's noise, not a shorter bar. */
const BAR_END_SLACK = 0.08;
const FULL_BAR_WIDTH = 0.85;
/** An `=` is wider than tall (0.45-0.8 in Noto and the scanned forms); 天 or 元, whose top is two bars, are as tall as wide. */
const MAX_EQUALS_HEIGHT = 0.9;

/**
 * `>` or `<`: from the top row down to the apex, one thin stroke moving steadily to one side, and from the apex
 * down its lower arm moving steadily back to the side it started from. `≥` or `≤` when there is a second
 * stroke under the arm: a slanted bar beside it (rows crossing both, or rows under the arm's tip running back
 * as the arm did), or a flat bar closing the glyph.
 */
function chevron(rows: readonly StrokeRow[], width: number, height: number): ComparatorShape | null {
  const top = rows[0]!;
  if (top.runs.length !== 1) return null;
  const centre = runCentre(top.runs[0]!) / (width - 1);
  const opensRight = centre <= SIDE; // tips on the left, apex on the right: >
  if (!opensRight && centre < 1 - SIDE) return null;
  // Mirrored, a `<` is a `>`: work in the coordinates where the apex is on the right.
  const upright = opensRight ? rows : rows.map((row) => ({ y: row.y, runs: row.runs.map(([start, end]) => [width - 1 - end, width - 1 - start] as const).reverse() }));
  const reach = (row: StrokeRow) => row.runs[0]![1];
  const step = Math.max(2, MAX_STEP * width);
  // The upper arm: one thin run a row, moving right without jumping, until it turns back.
  let apex = 0;
  while (apex + 1 < upright.length) {
    const row = upright[apex]!;
    const next = upright[apex + 1]!;
    if (row.runs.length !== 1 || runWidth(row.runs[0]!) > THIN * width || next.y - row.y > 2) return null;
    if (reach(next) < reach(row) || reach(next) - reach(row) > step) break;
    apex++;
  }
  if (reach(upright[apex]!) < (1 - APEX_SIDE) * (width - 1)) return null;
  const apexAt = upright[apex]!.y / (height - 1);
  if (apexAt < 0.2 || apexAt > 0.75) return null;
  // The lower arm: each row's leftmost ink moves back left without jumping, to the far side (its tip).
  let tip = apex;
  while (tip + 1 < upright.length && upright[tip]!.runs[0]![0] > SIDE * (width - 1)) {
    const row = upright[tip]!;
    const next = upright[tip + 1]!;
    const shift = row.runs[0]![0] - next.runs[0]![0];
    if (next.y - row.y > 2 || shift < -1 || shift > step) return null;
    tip++;
  }
  if (tip === apex || upright[tip]!.runs[0]![0] > SIDE * (width - 1)) return null;
  const arm = upright.slice(apex + 1, tip + 1);
  const after = upright.slice(tip + 1);
  const crossesTwo = [...arm, ...after].filter((row) => row.runs.length >= 2).length;
  const flatBar = [...arm, ...after].some((row) => row.y >= 0.7 * (height - 1) && row.runs.some((run) => runWidth(run) >= BAR_WIDTH * width));
  // A slanted bar under the arm's tip: rows that run on from the apex side back to the tips' side, as the arm did.
  const barStart = (row: StrokeRow) => row.runs[row.runs.length - 1]![0];
  const slantedBar = after.length >= 3 && barStart(after[0]!) - barStart(after[after.length - 1]!) >= SLANTED_BAR_RUN * width;
  if (crossesTwo >= 2 || slantedBar || flatBar) return opensRight ? "≥" : "≤";
  // A stroke's end cap leaves a row or two under the tip; more, with no second stroke beside the arm, is not a chevron.
  return crossesTwo === 0 && after.length <= 2 ? (opensRight ? ">" : "<") : null;
}

/** Below the arm's tip, a slanted bar moves at least this share of the width back to the tips' side. */
const SLANTED_BAR_RUN = 0.3;
/** A chevron's stroke is at most this share of the glyph's width in any row of its upper arm. */
const THIN = 0.45;
/** From one row to the next a diagonal stroke moves at most this share of the width (or 2 pixels). */
const MAX_STEP = 0.35;

function runWidth([start, end]: readonly [number, number]): number {
  return end - start + 1;
}

function runCentre([start, end]: readonly [number, number]): number {
  return (start + end) / 2;
}

function inkOf(row: StrokeRow): number {
  return row.runs.reduce((sum, run) => sum + runWidth(run), 0);
}

/** The box of the pixels in `area` darker than halfway between its darkest and its lightest, or null for blank paper. */
export function inkBoxIn(image: GrayImage, area: Rect): Rect | null {
  const left = Math.max(0, area.left);
  const top = Math.max(0, area.top);
  const right = Math.min(image.width - 1, area.right);
  const bottom = Math.min(image.height - 1, area.bottom);
  let darkest = 255;
  let lightest = 0;
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) {
      const value = image.data[y * image.width + x]!;
      if (value < darkest) darkest = value;
      if (value > lightest) lightest = value;
    }
  }
  const threshold = (darkest + lightest) / 2;
  let box: { left: number; top: number; right: number; bottom: number } | null = null;
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) {
      if (image.data[y * image.width + x]! >= threshold) continue;
      box = box ? { left: Math.min(box.left, x), top: Math.min(box.top, y), right: Math.max(box.right, x), bottom: Math.max(box.bottom, y) } : { left: x, top: y, right: x, bottom: y };
    }
  }
  return box;
}
