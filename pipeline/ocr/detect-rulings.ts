import type { Ruling } from "../../schemas/layout.js";
import { grayHistogram, otsuThresholdOfHistogram, type GrayImage } from "./gray-image.js";

export interface DetectRulingsOptions {
  /** Pixels per PDF point of the image. */
  readonly scale: number;
  /**
   * The height of the page's text lines in pixels (the median of its OCR boxes), which every length
   * threshold is measured against; null or absent when the page's text is not known, and the fixed
   * defaults below apply.
   */
  readonly textHeightPixels?: number | null;
  /** Shortest free-standing ruling kept, in points, where the page's text height is not known. @default 24 */
  readonly minLengthPoints?: number;
  /** Thickest line kept, in points; anything thicker is a filled area or a solid block of text. @default 3 */
  readonly maxThicknessPoints?: number;
}

/** The length thresholds of one page, in pixels (see `pageThresholds`). */
export interface RulingThresholds {
  /** A line this long outruns any stroke of the page's characters: a border when it meets a border across it. */
  readonly strokeLimit: number;
  /** A shorter line is a border only when it runs from one border to another across it (a short row's inner border). */
  readonly spanLimit: number;
  /** A line this long is a border even when nothing crosses it (a table drawn with horizontal lines only). */
  readonly loneLimit: number;
  /**
   * Shortest run of ink along one pixel row (or column) that may be part of a line. Shorter runs are single
   * strokes; joined to a border they touch they would thicken it past the thickest line kept.
   */
  readonly minRun: number;
}

// The longest stroke of a CJK character is about its em, and an OCR line box is a little taller than the
// em; in a cell of wrapped lines the strokes of two stacked characters (计 over 位) join across the narrow
// line gap into one run. Two box heights outrun both.
const STROKE_FACTOR = 2;
// A row is never shorter than the text it holds: a border that spans a row is at least this much of a line.
const SPAN_FACTOR = 0.8;
// Six lines of text: no run of text, rule or dash is taken for a table border at this length unless crossed.
const LONE_FACTOR = 6;
// A horizontal stroke (一) is a little shorter than the em: runs under 0.8 line heights are strokes.
const RUN_FACTOR = 0.8;
/** Where a page's text height is unknown: the fixed limits, in points, that suit 10.5 pt body text. */
const DEFAULT_STROKE_POINTS = 24;
const DEFAULT_LONE_POINTS = 72;
/** Below this many pixels a run is noise at any resolution. */
const MIN_RUN_PIXELS = 8;

/**
 * The page's thresholds: from its text height when known, else the defaults for body text. A page printed
 * in 9 pt keeps borders a 12 pt page would call strokes, and a 20 pt project-code row of a 10.5 pt form keeps
 * the inner borders that a fixed 24 pt limit dropped (issue 13), so its cells do not merge.
 */
export function pageThresholds(options: DetectRulingsOptions): RulingThresholds {
  const { scale, textHeightPixels } = options;
  if (textHeightPixels && textHeightPixels > 0) {
    return {
      strokeLimit: STROKE_FACTOR * textHeightPixels,
      spanLimit: SPAN_FACTOR * textHeightPixels,
      loneLimit: LONE_FACTOR * textHeightPixels,
      minRun: Math.max(MIN_RUN_PIXELS, RUN_FACTOR * textHeightPixels),
    };
  }
  const stroke = (options.minLengthPoints ?? DEFAULT_STROKE_POINTS) * scale;
  return { strokeLimit: stroke, spanLimit: stroke, loneLimit: DEFAULT_LONE_POINTS * scale, minRun: Math.max(MIN_RUN_PIXELS, stroke / 3) };
}

/**
 * Table borders on a scanned page, as rulings in PDF points (top-left origin), so the layout stage can
 * build real cells on scans exactly as it does from a PDF's vector borders.
 *
 * Works on the deskewed image: a border is a long run of ink along one row (or column). Ink is measured
 * across three pixels (see `rowInk`), runs are found per row with a small gap allowance (JPEG and noise
 * break thin lines), runs on adjacent rows that overlap are joined into one line with a thickness, and a
 * line is kept when it is thin and mostly clear of ink on both sides (a row of text has ink right above and
 * below its strokes; a border has paper), and long enough for the page (`pageThresholds`): longer than its
 * characters' strokes and meeting a border across it, or running from one border to another, or long
 * enough to stand alone. About 60 ms for an A4 page scanned at 150 dpi.
 */
export function detectRulings(image: GrayImage, options: DetectRulingsOptions): Ruling[] {
  const { scale } = options;
  const thresholds = pageThresholds(options);
  // The three-pixel window of `rowInk` and `columnInk` widens every line by a pixel on each side.
  const maxThickness = Math.max(2, (options.maxThicknessPoints ?? 3) * scale) + 2;
  const levels = grayLevels(image);
  const gap = Math.max(1, Math.round(scale * 0.75));
  const lengths = { minRun: thresholds.minRun, minLength: Math.min(thresholds.spanLimit, thresholds.strokeLimit) };
  const darkness = darknessOf(image, levels);
  const needed = Math.max(24, 0.3 * (levels.paper - levels.ink));
  const horizontal = findLines(rowInk(darkness, image.width, image.height, needed), image.height, image.width, lengths, maxThickness, gap);
  const vertical = findLines(columnInk(darkness, image.width, image.height, needed), image.width, image.height, lengths, maxThickness, gap);
  const toPoints = (value: number) => Math.round((value / scale) * 100) / 100;
  const candidates: Ruling[] = [
    ...horizontal.map((line) => ({ orientation: "horizontal" as const, position: toPoints(line.position), start: toPoints(line.start), end: toPoints(line.end) })),
    ...vertical.map((line) => ({ orientation: "vertical" as const, position: toPoints(line.position), start: toPoints(line.start), end: toPoints(line.end) })),
  ];
  return keepBorders(candidates, {
    strokeLimit: thresholds.strokeLimit / scale,
    spanLimit: thresholds.spanLimit / scale,
    loneLimit: thresholds.loneLimit / scale,
  });
}

/** How near (points) a ruling's end must come to a perpendicular one to count as meeting it. */
const MEET_TOLERANCE = 3;
/**
 * How near (points) both ends of a segment shorter than a stroke must come to the borders across it. A
 * border's ink runs into the border it meets, so its ends sit on that border's centre within half its
 * thickness; a character's stroke in a tight row stops a point or two short of the cell's borders.
 */
const SPAN_TOLERANCE = 1.2;

/**
 * The candidates that are borders, thresholds in points. A short segment is a border only where it meets a
 * border across it that outruns a stroke (runs of text strokes long enough to pass for a line — the foot of
 * a bold "2021", a row of dashes — float free, and two of them do not vouch for each other); one shorter than
 * a stroke only where both its ends sit on such borders, as the inner borders of a short row do.
 */
export function keepBorders(candidates: readonly Ruling[], limits: Omit<RulingThresholds, "minRun">): Ruling[] {
  const length = (ruling: Ruling) => ruling.end - ruling.start;
  const long = candidates.filter((ruling) => length(ruling) >= limits.strokeLimit);
  return candidates.filter((ruling) => {
    if (length(ruling) >= limits.loneLimit) return true;
    if (length(ruling) >= limits.strokeLimit) return meetsPerpendicular(ruling, long);
    return length(ruling) >= limits.spanLimit && endsOnBorders(ruling, long);
  });
}

function crosses(other: Ruling, ruling: Ruling, at: number): boolean {
  return (
    other.orientation !== ruling.orientation &&
    other.start - MEET_TOLERANCE <= ruling.position &&
    other.end + MEET_TOLERANCE >= ruling.position &&
    Math.abs(other.position - at) <= SPAN_TOLERANCE
  );
}

function meetsPerpendicular(ruling: Ruling, rulings: readonly Ruling[]): boolean {
  return rulings.some(
    (other) =>
      other.orientation !== ruling.orientation &&
      other.start - MEET_TOLERANCE <= ruling.position &&
      other.end + MEET_TOLERANCE >= ruling.position &&
      other.position >= ruling.start - MEET_TOLERANCE &&
      other.position <= ruling.end + MEET_TOLERANCE,
  );
}

/** Both ends of the segment on a border across it: it spans a row (or a column) of the table. */
function endsOnBorders(ruling: Ruling, borders: readonly Ruling[]): boolean {
  return borders.some((other) => crosses(other, ruling, ruling.start)) && borders.some((other) => crosses(other, ruling, ruling.end));
}

interface GrayLevels {
  /** Typical paper (the median of the pixels lighter than Otsu's split). */
  readonly paper: number;
  /** Typical ink (the median of the pixels darker than it). */
  readonly ink: number;
}

function grayLevels(image: GrayImage): GrayLevels {
  const histogram = grayHistogram(image);
  const split = otsuThresholdOfHistogram(histogram, image.data.length);
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

/** How much darker than paper each pixel is (0 for paper and anything lighter). */
function darknessOf(image: GrayImage, levels: GrayLevels): Int16Array {
  const table = Int16Array.from({ length: 256 }, (_unused, level) => Math.max(0, levels.paper - level));
  const { data } = image;
  const darkness = new Int16Array(data.length);
  for (let index = 0; index < data.length; index++) darkness[index] = table[data[index]!]!;
  return darkness;
}

/**
 * 1 where a line along rows could pass: the darkness summed over three pixels across the line (the pixel and
 * the ones above and below it) reaches `needed`, 30% of the page's ink contrast. Summing across makes a thin
 * border count the same wherever it falls between two pixel rows, which is what a slightly rotated,
 * resampled scan does to it (a single-pixel threshold sees such a border fade in and out every few dozen
 * pixels). Row-major, like the image.
 */
function rowInk(darkness: Int16Array, width: number, height: number, needed: number): Uint8Array {
  const ink = new Uint8Array(darkness.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const above = y > 0 ? row - width : -1;
    const below = y < height - 1 ? row + width : -1;
    for (let x = 0; x < width; x++) {
      const mass = darkness[row + x]! + (above >= 0 ? darkness[above + x]! : 0) + (below >= 0 ? darkness[below + x]! : 0);
      ink[row + x] = mass >= needed ? 1 : 0;
    }
  }
  return ink;
}

/**
 * The same test across columns (the pixel and its left and right neighbours), written column-major
 * (`ink[x * height + y]`) so that the vertical lines are found by walking memory in order, as rows are.
 */
function columnInk(darkness: Int16Array, width: number, height: number, needed: number): Uint8Array {
  const ink = new Uint8Array(darkness.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const index = row + x;
      const mass = darkness[index]! + (x > 0 ? darkness[index - 1]! : 0) + (x < width - 1 ? darkness[index + 1]! : 0);
      ink[x * height + y] = mass >= needed ? 1 : 0;
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
 * Lines in `ink`, `lineCount` lines (pixel rows, or columns of the column-major ink) of `length` pixels
 * each. "line" indexes rows (or columns), "start/end" run along them, so one routine serves both
 * orientations.
 */
function findLines(
  ink: Uint8Array,
  lineCount: number,
  length: number,
  { minRun, minLength }: { readonly minRun: number; readonly minLength: number },
  maxThickness: number,
  gap: number,
): Line[] {
  const at = (line: number, along: number) => ink[line * length + along]!;
  // Rows are scanned with a shorter minimum (`minRun`) so a border a little off level (residual skew) still
  // yields runs on each row it crosses; the joined line must reach `minLength`.
  const open: Line[] = [];
  const done: Line[] = [];
  for (let line = 0; line < lineCount; line++) {
    const runs: Run[] = [];
    let start = -1;
    let lastInk = -1;
    const base = line * length;
    for (let along = 0; along <= length; along++) {
      const isInk = along < length && ink[base + along] === 1;
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
