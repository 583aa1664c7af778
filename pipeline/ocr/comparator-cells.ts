import { comparatorOf, comparatorShape, SHAPE_CONFIDENCE, type ComparatorShape } from "./comparator-shape.js";
import type { GrayImage } from "./gray-image.js";
import { READ_ALONE } from "./lone-glyph-cells.js";
import type { OcrLine } from "./ocr-engine.js";
import { overlaps, type InkedCell } from "./unread-cells.js";

/** A lone glyph's ink is at most this wide and tall, in text heights (as in lone-glyph-cells.ts). */
const MAX_GLYPH_SIZE = 1.3;

/** The line for a cell whose glyph the recognizer could not read but whose strokes make a comparator, or null. */
export function comparatorLine(image: GrayImage, cell: InkedCell): OcrLine | null {
  const shape = comparatorShape(image, cell.ink);
  return shape ? shapeLine(shape, cell) : null;
}

/**
 * The page's lines with every lone comparator of a table cell, and every lone mark no table glyph is (`V`, `》`,
 * a composite reading that took a sign for one), checked against its strokes: where the strokes make another
 * comparator (`⩾`, the slanted `≥`, read as `=`), that one is taken, at `SHAPE_CONFIDENCE` or the recognizer's
 * own if lower, so the disagreement stays visible on the value.
 */
export function withComparatorsByShape(image: GrayImage, lines: readonly OcrLine[], inked: readonly InkedCell[], textHeightPixels: number | null): OcrLine[] {
  if (!textHeightPixels || textHeightPixels <= 0) return [...lines];
  const revised = new Map<OcrLine, OcrLine>();
  for (const cell of inked) {
    const { ink } = cell;
    if (ink.right - ink.left + 1 > MAX_GLYPH_SIZE * textHeightPixels || ink.bottom - ink.top + 1 > MAX_GLYPH_SIZE * textHeightPixels) continue;
    const inside = lines.filter((line) => overlaps(line.box, cell.cell));
    if (inside.length !== 1 || [...inside[0]!.text].length !== 1) continue;
    const line = inside[0]!;
    const read = comparatorOf(line.text);
    // A digit, a character or a unit sign read alone stands; a comparator, or a mark no lone glyph of a
    // table is (`V`, `》`: what the recognizer makes of a sign), is checked against the strokes.
    if (!read && READ_ALONE.test(line.text)) continue;
    const shape = comparatorShape(image, ink);
    if (!shape || shape === read) continue;
    revised.set(line, { ...shapeLine(shape, cell), confidence: Math.min(line.confidence, SHAPE_CONFIDENCE), characters: [Math.min(line.confidence, SHAPE_CONFIDENCE)], box: line.box });
  }
  return lines.map((line) => revised.get(line) ?? line);
}

function shapeLine(shape: ComparatorShape, cell: InkedCell): OcrLine {
  return { text: shape, confidence: SHAPE_CONFIDENCE, characters: [SHAPE_CONFIDENCE], box: cell.box };
}
