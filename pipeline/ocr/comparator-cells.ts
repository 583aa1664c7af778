import { comparatorOf, comparatorShape, inkBoxIn, SHAPE_CONFIDENCE, type ComparatorShape } from "./comparator-shape.js";
import type { GrayImage } from "./gray-image.js";
import { MAX_GLYPH_SIZE, READ_ALONE } from "./lone-glyph-cells.js";
import type { OcrLine } from "./ocr-engine.js";
import { overlaps, type InkedCell, type Rect } from "./unread-cells.js";

/** A one-glyph line's box is the glyph's ink with the detector's margin around it: at most twice its size. */
const MAX_GLYPH_BOX = 2 * MAX_GLYPH_SIZE;

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
  const inCells = new Set<OcrLine>();
  for (const cell of inked) {
    const inside = lines.filter((line) => overlaps(line.box, cell.cell));
    inside.forEach((line) => inCells.add(line));
    const { ink } = cell;
    if (ink.right - ink.left + 1 > MAX_GLYPH_SIZE * textHeightPixels || ink.bottom - ink.top + 1 > MAX_GLYPH_SIZE * textHeightPixels) continue;
    if (inside.length !== 1) continue;
    const line = inside[0]!;
    const shape = disputedSign(image, line, ink);
    if (shape) revised.set(line, byStrokes(line, shape));
  }
  // A sign column with no borders of its own (a form ruled only around its rows) gives no cell: there the
  // recognizer's one-glyph line is the glyph, and its box the place to find the ink.
  for (const line of lines) {
    if (inCells.has(line) || !mayBeSign(line) || line.box.width > MAX_GLYPH_BOX * textHeightPixels || line.box.height > MAX_GLYPH_BOX * textHeightPixels) continue;
    const box = { left: Math.floor(line.box.x), top: Math.floor(line.box.y), right: Math.ceil(line.box.x + line.box.width) - 1, bottom: Math.ceil(line.box.y + line.box.height) - 1 };
    const ink = inkBoxIn(image, box);
    const shape = ink && disputedSign(image, line, ink);
    if (shape) revised.set(line, byStrokes(line, shape));
  }
  return lines.map((line) => revised.get(line) ?? line);
}

/**
 * The comparator a one-glyph line's strokes make where the recognizer read another, or a mark no lone glyph of
 * a table is (`V`, `》`: what it makes of a sign); null where they agree, or say nothing, or the line is a digit,
 * a character or a unit sign read alone (those stand).
 */
function disputedSign(image: GrayImage, line: OcrLine, ink: Rect): ComparatorShape | null {
  if (!mayBeSign(line)) return null;
  const shape = comparatorShape(image, ink);
  return shape && shape !== comparatorOf(line.text) ? shape : null;
}

/** One glyph read as a comparator, or as a mark no lone table glyph is: a digit, character or unit sign stands. */
function mayBeSign(line: OcrLine): boolean {
  return [...line.text].length === 1 && (comparatorOf(line.text) !== null || !READ_ALONE.test(line.text));
}

/** The line with the comparator its glyph's strokes make, at `SHAPE_CONFIDENCE` at most, saying what was read. */
function byStrokes(line: OcrLine, shape: ComparatorShape): OcrLine {
  const confidence = Math.min(line.confidence, SHAPE_CONFIDENCE);
  return { ...line, text: shape, confidence, characters: [confidence], raw: line.raw ?? line.text, repairs: [...(line.repairs ?? []), `"${line.text}" read as "${shape}" by the glyph's strokes`] };
}

function shapeLine(shape: ComparatorShape, cell: InkedCell): OcrLine {
  return { text: shape, confidence: SHAPE_CONFIDENCE, characters: [SHAPE_CONFIDENCE], box: cell.box, raw: "", repairs: [`an unread glyph read as "${shape}" by its strokes`] };
}
