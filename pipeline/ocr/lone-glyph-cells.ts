import type { Ruling } from "../../schemas/layout.js";
import { blankImage, type GrayImage } from "./gray-image.js";
import type { OcrLine, PixelBox } from "./ocr-engine.js";
import { cellInside, gridCells, inkedCells, overlaps, type InkedCell } from "./unread-cells.js";

/** A lone glyph's ink is at most this wide and tall, in text heights: one character, not a word. */
export const MAX_GLYPH_SIZE = 1.3;
/** Paper kept around the glyph, and between it and its neighbour's text, in the composite: in text heights. */
const PADDING = 0.3;
/** Composites are stacked into one image this far apart (text heights), so one crop never reaches into the next. */
const STACK_GAP = 1;
/** A context reading may add at most this many characters in front of the neighbour's text. */
const MAX_PREFIX = 2;
/**
 * What a lone glyph read on its own may be and still be taken as read: a digit, a CJK character, a comparator,
 * a unit sign or a tick.
 * Anything else a single glyph was read as (`V`, `"`, `'`, `|`), and no reading at all, is what the recognizer
 * makes of a comparator or a mark seen without the text it belongs to.
 */
export const READ_ALONE = /^[\p{Nd}\p{Script=Han}≥≤><=＞＜＝%％‰℃√×]$/u;

/**
 * A cell holding one small glyph that the recognizer could not read on its own, and the text of the cell to
 * its right: the crop that reads it in context. A form that gives the comparator its own column (`符号 | 指标值`)
 * prints `≥` alone in a cell ~11 px wide at 150 dpi; alone, the recognizer (trained on lines of text) reads
 * it as nothing or as `V`, and the value loses its comparator. Set beside its neighbour's text it is read as
 * the start of a line: `≥4.6万亩`.
 */
export interface LoneGlyph {
  readonly cell: InkedCell;
  /** What was read in the cell on its own (at most one line), replaced when the context reading is taken. */
  readonly alone: OcrLine | null;
  readonly neighbour: OcrLine;
  /** Where the composite is in the stacked image given to the recognizer. */
  readonly box: PixelBox;
}

/** The lone glyphs of a page and one image holding all their composites, to read in one `readBoxes` call. */
export interface LoneGlyphComposites {
  readonly image: GrayImage;
  readonly glyphs: readonly LoneGlyph[];
}

/**
 * Finds the table cells of a page that hold a lone glyph read as nothing or as something a lone glyph in a
 * table is not (see `READ_ALONE`), whose right-hand neighbour holds one line of text, and builds for each a
 * composite image: the glyph with paper around it, a gap, the neighbour's line, on the rows both share.
 * Sizes come from the page's text height, so the rule holds at any resolution.
 */
export function loneGlyphComposites(
  image: GrayImage,
  rulings: readonly Ruling[],
  scale: number,
  lines: readonly OcrLine[],
  textHeightPixels: number | null,
  inked: readonly InkedCell[] = inkedCells(image, rulings, scale, textHeightPixels),
): LoneGlyphComposites | null {
  if (!textHeightPixels || textHeightPixels <= 0) return null;
  const cells = gridCells(rulings).map((cell) => ({ left: cell.left * scale, top: cell.top * scale, right: cell.right * scale, bottom: cell.bottom * scale }));
  const slack = 0.2 * textHeightPixels;
  const pad = Math.round(PADDING * textHeightPixels);
  const parts: Array<{ cell: InkedCell; alone: OcrLine | null; neighbour: OcrLine; rows: [number, number]; glyph: [number, number]; text: [number, number] }> = [];
  for (const candidate of inked) {
    const { ink, inner, cell } = candidate;
    if (ink.right - ink.left + 1 > MAX_GLYPH_SIZE * textHeightPixels || ink.bottom - ink.top + 1 > MAX_GLYPH_SIZE * textHeightPixels) continue;
    const inside = lines.filter((line) => overlaps(line.box, cell));
    // Read as more than one character, it was read as text, not as a lone glyph (whatever its ink's box says).
    if (inside.length > 1 || (inside.length === 1 && ([...inside[0]!.text].length !== 1 || READ_ALONE.test(inside[0]!.text)))) continue;
    const right = cells.find((other) => Math.abs(other.left - cell.right) <= slack && Math.abs(other.top - cell.top) <= slack && Math.abs(other.bottom - cell.bottom) <= slack);
    if (!right) continue;
    const beside = lines.filter((line) => overlaps(line.box, right));
    if (beside.length !== 1) continue;
    const neighbour = beside[0]!;
    const rightInner = cellInside(right, textHeightPixels);
    const top = Math.max(inner.top, rightInner.top, Math.min(ink.top - pad, Math.floor(neighbour.box.y)));
    const bottom = Math.min(inner.bottom, rightInner.bottom, Math.max(ink.bottom + 1 + pad, Math.ceil(neighbour.box.y + neighbour.box.height)));
    const glyph: [number, number] = [Math.max(inner.left, ink.left - pad), Math.min(inner.right, ink.right + 1 + pad)];
    const text: [number, number] = [Math.max(rightInner.left, Math.floor(neighbour.box.x)), Math.min(rightInner.right, Math.ceil(neighbour.box.x + neighbour.box.width))];
    if (bottom - top < 2 || glyph[1] <= glyph[0] || text[1] <= text[0]) continue;
    parts.push({ cell: candidate, alone: inside[0] ?? null, neighbour, rows: [top, bottom], glyph, text });
  }
  if (parts.length === 0) return null;
  const gap = Math.max(1, pad);
  const stackGap = Math.round(STACK_GAP * textHeightPixels);
  const width = Math.max(...parts.map(({ glyph, text }) => glyph[1] - glyph[0] + gap + text[1] - text[0]));
  const height = parts.reduce((sum, { rows }) => sum + rows[1] - rows[0] + stackGap, stackGap);
  const stacked = blankImage(width, height);
  const glyphs: LoneGlyph[] = [];
  let y = stackGap;
  for (const { cell, alone, neighbour, rows, glyph, text } of parts) {
    const rowCount = rows[1] - rows[0];
    copyColumns(image, stacked, rows[0], rowCount, glyph, 0, y);
    copyColumns(image, stacked, rows[0], rowCount, text, glyph[1] - glyph[0] + gap, y);
    glyphs.push({ cell, alone, neighbour, box: { x: 0, y, width: glyph[1] - glyph[0] + gap + text[1] - text[0], height: rowCount } });
    y += rowCount + stackGap;
  }
  return { image: stacked, glyphs };
}

/**
 * The glyph's line from its context reading, or null when the reading does not bear it out: the composite
 * must read as at most `MAX_PREFIX` characters followed by exactly the neighbour's text as read on its own.
 * The line carries the glyph's characters' confidences (its confidence is their lowest), so a comparator read
 * with doubt stays a doubt on the value.
 */
export function glyphLineInContext(glyph: LoneGlyph, reading: OcrLine | undefined): OcrLine | null {
  if (!reading) return null;
  const joined = reading.text;
  const tail = glyph.neighbour.text;
  if (!joined.endsWith(tail)) return null;
  const prefixLength = joined.length - tail.length;
  const prefix = joined.slice(0, prefixLength).trimEnd();
  if (prefix === "" || prefix.length > MAX_PREFIX || /\s/.test(prefix)) return null;
  const characters = reading.characters && reading.characters.length === joined.length ? reading.characters.slice(0, prefix.length) : undefined;
  const confidence = characters ? Math.min(...characters) : reading.confidence;
  const alternatives = characters ? (reading.alternatives ?? []).filter((alternative) => alternative.index < prefix.length) : [];
  return {
    text: prefix,
    confidence,
    ...(characters ? { characters } : {}),
    ...(alternatives.length > 0 ? { alternatives } : {}),
    box: glyph.cell.box,
  };
}

/**
 * The page's lines with each lone glyph's context reading in place of what it was read as alone. A glyph the
 * context reading did not bear out stays unread, and its neighbour's line says so (`doubts`): the value beside
 * an unread comparator (`30天` for `≤30天`) is otherwise a sure reading of an incomplete value.
 */
export function withGlyphLines(lines: readonly OcrLine[], glyphs: readonly LoneGlyph[], readings: readonly (OcrLine | null)[]): OcrLine[] {
  const readAlone = new Set<OcrLine>();
  const doubted = new Map<OcrLine, OcrLine>();
  const added: OcrLine[] = [];
  glyphs.forEach((glyph, index) => {
    const line = readings[index];
    if (!line) {
      const neighbour = doubted.get(glyph.neighbour) ?? glyph.neighbour;
      const doubt = glyph.alone
        ? `the mark in the cell before "${glyph.neighbour.text}" was read "${glyph.alone.text}", which no reading beside the text bore out: a comparator or sign may be misread`
        : `the mark in the cell before "${glyph.neighbour.text}" could not be read: a comparator or sign may be missing`;
      doubted.set(glyph.neighbour, { ...neighbour, doubts: [...(neighbour.doubts ?? []), doubt] });
      return;
    }
    // Read the same in context, the reading alone stands (with its own confidences).
    if (line.text === glyph.alone?.text) return;
    if (glyph.alone) readAlone.add(glyph.alone);
    added.push(line);
  });
  return [...lines.filter((line) => !readAlone.has(line)).map((line) => doubted.get(line) ?? line), ...added];
}

/** Copies rows `top…top+count` of the source's columns `[from, to)` into the target at (`x`, `y`). */
function copyColumns(source: GrayImage, target: GrayImage, top: number, count: number, [from, to]: [number, number], x: number, y: number): void {
  for (let row = 0; row < count; row++) {
    const sourceY = top + row;
    if (sourceY < 0 || sourceY >= source.height) continue;
    const start = sourceY * source.width;
    const left = Math.max(0, from);
    const right = Math.min(source.width, to);
    target.data.set(source.data.subarray(start + left, start + right), (y + row) * target.width + x + left - from);
  }
}
