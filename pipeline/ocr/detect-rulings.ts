import type { Ruling } from "../../schemas/layout.js";
import { otsuThreshold, type GrayImage } from "./gray-image.js";

export interface DetectRulingsOptions {
  /** Pixels per PDF point of the image. */
  readonly scale: number;
  /** Shortest ruling kept, in points: longer than any stroke of a CJK character at body sizes. @default 24 */
  readonly minLengthPoints?: number;
  /** Thickest line kept, in points; anything thicker is a filled area or a solid block of text. @default 3 */
  readonly maxThicknessPoints?: number;
}

/**
 * Table borders on a scanned page, as rulings in PDF points (top-left origin), so the layout stage can
 * build real cells on scans exactly as it does from a PDF's vector borders.
 *
 * Works on the deskewed image: a border is a long run of ink along one row (or column). Ink is measured
 * across three pixels (see `lineInk`), runs are found per row with a small gap allowance (JPEG and noise
 * break thin lines), runs on adjacent rows that overlap are joined into one line with a thickness, and a
 * line is kept when it is long, thin and mostly clear of ink on both sides (a row of text has ink right
 * above and below its strokes; a border has paper), and, if shorter than an inch, meets a border across it.
 * About 0.3 s for an A4 page at 200 dpi.
 */
export function detectRulings(image: GrayImage, options: DetectRulingsOptions): Ruling[] {
  const { scale } = options;
  const minLength = (options.minLengthPoints ?? 24) * scale;
  // The three-pixel window of `lineInk` widens every line by a pixel on each side.
  const maxThickness = Math.max(2, (options.maxThicknessPoints ?? 3) * scale) + 2;
  const levels = grayLevels(image);
  const gap = Math.max(1, Math.round(scale * 0.75));
  const horizontal = findLines(lineInk(image, levels, false), image.width, image.height, false, minLength, maxThickness, gap);
  const vertical = findLines(lineInk(image, levels, true), image.width, image.height, true, minLength, maxThickness, gap);
  const toPoints = (value: number) => Math.round((value / scale) * 100) / 100;
  const rulings: Ruling[] = [
    ...horizontal.map((line) => ({ orientation: "horizontal" as const, position: toPoints(line.position), start: toPoints(line.start), end: toPoints(line.end) })),
    ...vertical.map((line) => ({ orientation: "vertical" as const, position: toPoints(line.position), start: toPoints(line.start), end: toPoints(line.end) })),
  ];
  return rulings.filter((ruling) => ruling.end - ruling.start >= LONE_RULING_POINTS || meetsPerpendicular(ruling, rulings));
}

/** A ruling this long is a border even when nothing crosses it (a table drawn with horizontal lines only). */
const LONE_RULING_POINTS = 72;
/** How near (points) a ruling's end must come to a perpendicular one to count as meeting it. */
const MEET_TOLERANCE = 3;

/**
 * A short segment is a border only where it meets a border across it. Runs of text strokes long enough to
 * pass for a line (the foot of a bold "2021", a row of dashes) float free.
 */
function meetsPerpendicular(ruling: Ruling, rulings: Ruling[]): boolean {
  return rulings.some(
    (other) =>
      other.orientation !== ruling.orientation &&
      other.start - MEET_TOLERANCE <= ruling.position &&
      other.end + MEET_TOLERANCE >= ruling.position &&
      other.position >= ruling.start - MEET_TOLERANCE &&
      other.position <= ruling.end + MEET_TOLERANCE,
  );
}

interface GrayLevels {
  /** Typical paper (the median of the pixels lighter than Otsu's split). */
  readonly paper: number;
  /** Typical ink (the median of the pixels darker than it). */
  readonly ink: number;
}

function grayLevels(image: GrayImage): GrayLevels {
  const split = otsuThreshold(image);
  const histogram = new Uint32Array(256);
  for (const value of image.data) histogram[value]!++;
  const median = (from: number, to: number): number => {
    let total = 0;
    for (let level = from; level <= to; level++) total += histogram[level]!;
    let seen = 0;
    for (let level = from; level <= to; level++) {
      seen += histogram[level]!;
      if (seen >= total / 2) return level;
    }
    return to;
  };
  return { paper: median(split + 1, 255), ink: median(0, split) };
}

/**
 * 1 where a line along rows (or columns, `transposed`) could pass: the ink summed over three pixels across
 * the line reaches 30% of the page's ink contrast. Summing across makes a thin border count the same
 * wherever it falls between two pixel rows, which is what a slightly rotated, resampled scan does to it
 * (a single-pixel threshold sees such a border fade in and out every few dozen pixels).
 */
function lineInk(image: GrayImage, levels: GrayLevels, transposed: boolean): Uint8Array {
  const { width, height, data } = image;
  const needed = Math.max(24, 0.3 * (levels.paper - levels.ink));
  const darkness = new Int16Array(data.length);
  for (let index = 0; index < data.length; index++) darkness[index] = Math.max(0, levels.paper - data[index]!);
  const step = transposed ? 1 : width;
  const ink = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const index = y * width + x;
      const hasBefore = transposed ? x > 0 : y > 0;
      const hasAfter = transposed ? x < width - 1 : y < height - 1;
      const mass = darkness[index]! + (hasBefore ? darkness[index - step]! : 0) + (hasAfter ? darkness[index + step]! : 0);
      ink[index] = mass >= needed ? 1 : 0;
    }
  }
  return ink;
}

interface Run {
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

interface Line {
  /** Centre across the line, in pixels (a pixel's centre is at index + 0.5). */
  position: number;
  start: number;
  end: number;
  first: number;
  last: number;
  runs: Run[];
}

/**
 * Lines along rows (`transposed` false) or columns (true). "line" indexes rows (or columns), "start/end"
 * run along them, so one routine serves both orientations.
 */
function findLines(ink: Uint8Array, width: number, height: number, transposed: boolean, minLength: number, maxThickness: number, gap: number): Line[] {
  const lineCount = transposed ? width : height;
  const length = transposed ? height : width;
  const at = transposed ? (line: number, along: number) => ink[along * width + line]! : (line: number, along: number) => ink[line * width + along]!;
  // Rows are scanned with a shorter minimum so a border a little off level (residual skew) still yields
  // runs on each row it crosses; the joined line must reach the full minimum.
  const minRun = Math.max(8, minLength / 3);
  const open: Line[] = [];
  const done: Line[] = [];
  for (let line = 0; line < lineCount; line++) {
    const runs: Run[] = [];
    let start = -1;
    let lastInk = -1;
    for (let along = 0; along <= length; along++) {
      const isInk = along < length && at(line, along) === 1;
      if (isInk) {
        if (start < 0) start = along;
        lastInk = along;
      } else if (start >= 0 && along - lastInk > gap) {
        if (lastInk + 1 - start >= minRun) runs.push({ line, start, end: lastInk + 1 });
        start = -1;
      }
    }
    // Join each run to a line open on the previous row that it overlaps; close lines no run continued.
    const continued = new Set<Line>();
    for (const run of runs) {
      const matches = open.filter((candidate) => candidate.last >= line - 1 && run.start <= candidate.end + gap && run.end >= candidate.start - gap);
      const match = matches[0];
      if (match) {
        // A run bridging pieces of a border that broke up on the previous row joins them into one line.
        for (const other of matches.slice(1)) {
          match.start = Math.min(match.start, other.start);
          match.end = Math.max(match.end, other.end);
          match.first = Math.min(match.first, other.first);
          match.runs.push(...other.runs);
          open.splice(open.indexOf(other), 1);
          continued.delete(other);
        }
        match.start = Math.min(match.start, run.start);
        match.end = Math.max(match.end, run.end);
        match.last = line;
        match.runs.push(run);
        continued.add(match);
      } else {
        const created: Line = { position: 0, start: run.start, end: run.end, first: line, last: line, runs: [run] };
        open.push(created);
        continued.add(created);
      }
    }
    for (let index = open.length - 1; index >= 0; index--) {
      if (!continued.has(open[index]!)) done.push(...open.splice(index, 1));
    }
  }
  done.push(...open);

  const kept: Line[] = [];
  for (const candidate of done) {
    if (candidate.end - candidate.start < minLength) continue;
    const thickness = candidate.last - candidate.first + 1;
    if (thickness > maxThickness && !isSlightlyTilted(candidate, maxThickness)) continue;
    let weighted = 0;
    let total = 0;
    for (const run of candidate.runs) {
      const runLength = run.end - run.start;
      weighted += (run.line + 0.5) * runLength;
      total += runLength;
    }
    candidate.position = weighted / total;
    if (!clearOnBothSides(candidate, at, lineCount, length, maxThickness)) continue;
    kept.push(candidate);
  }
  return kept;
}

/** A long thin line a little off level spans a few more rows than its thickness; a text block does not stay this thin over its length. */
function isSlightlyTilted(line: Line, maxThickness: number): boolean {
  const thickness = line.last - line.first + 1;
  return thickness <= maxThickness * 3 && (line.end - line.start) / thickness > 60;
}

/** At least half of the line's length has paper just beyond it on each side. */
function clearOnBothSides(line: Line, at: (line: number, along: number) => number, lineCount: number, length: number, maxThickness: number): boolean {
  const offset = Math.ceil(maxThickness / 2) + 2;
  const before = Math.floor(line.position) - offset;
  const after = Math.floor(line.position) + offset;
  let clear = 0;
  let samples = 0;
  for (let along = Math.max(0, line.start); along < Math.min(length, line.end); along += 2) {
    samples++;
    const beforeClear = before < 0 || at(before, along) === 0;
    const afterClear = after >= lineCount || at(after, along) === 0;
    if (beforeClear && afterClear) clear++;
  }
  return samples > 0 && clear / samples >= 0.5;
}
