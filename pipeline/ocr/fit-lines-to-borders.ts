import type { Ruling } from "../../schemas/layout.js";
import type { GrayImage } from "./gray-image.js";
import { FAINT_INK_BELOW } from "./ink-region.js";
import type { OcrLine, PixelBox } from "./ocr-engine.js";

/** Either side of a border's centre line, this much (in text heights) is the border's own stroke and blur. */
const BORDER_HALF_WIDTH = 0.15;
/** A side of a border holding less ink than this (pixels per square text height) is paper and specks; more is a glyph. */
const GLYPH_INK = 0.03;
/** A piece whose box lies this much inside a line that was not split repeats that line. */
const DUPLICATE_COVER = 0.6;

export interface FittedLines {
  /** The lines no border runs through, cut back where they reached over one into paper. */
  readonly lines: OcrLine[];
  /** The pieces of the lines a border ran through, with text on both sides: for the recognizer to read again. */
  readonly pieces: PixelBox[];
}

/**
 * Line boxes made to respect the page's vertical table borders, which a line of text never crosses:
 * - A box that reaches over a border with only paper beyond it is cut back to the border. A box loosened a few
 *   points past the border it follows puts its "first character" on the wrong side, and the layout stage then
 *   files the whole line in the cell before it (a project's name joined to the serial number beside it).
 * - A box a border runs through with ink on both sides is two cells' texts joined (the detector's probability
 *   map bridged the thin gap at the border; it does so more often at int8): with `split`, it is cut at each
 *   such border into pieces to read again, and a piece lying inside a line the detector also found on its own
 *   is that line again and is dropped. Without (an engine that cannot read given boxes), it stays whole.
 * Boxes are in the image's pixels; `rulings` in points, `scale` pixels per point.
 */
export function fitLinesToBorders(image: GrayImage, lines: readonly OcrLine[], rulings: readonly Ruling[], scale: number, textHeightPixels: number | null, options: { readonly split: boolean }): FittedLines {
  if (!textHeightPixels || textHeightPixels <= 0) return { lines: [...lines], pieces: [] };
  const borders = rulings.filter((ruling) => ruling.orientation === "vertical").map((ruling) => ({ x: ruling.position * scale, top: ruling.start * scale, bottom: ruling.end * scale }));
  const halfWidth = Math.max(1, BORDER_HALF_WIDTH * textHeightPixels);
  const glyphInk = GLYPH_INK * textHeightPixels * textHeightPixels;
  const kept: OcrLine[] = [];
  const split: PixelBox[] = [];
  for (const line of lines) {
    const { y, height } = line.box;
    const middle = y + height / 2;
    const crossing = borders.filter((border) => border.top <= middle && border.bottom >= middle);
    let left = line.box.x;
    let right = left + line.box.width;
    for (const border of crossing) {
      if (border.x <= left || border.x >= right) continue;
      const before = inkCount(image, left, border.x - halfWidth, y, y + height);
      const after = inkCount(image, border.x + halfWidth, right, y, y + height);
      // Cut the side that is paper, and only when the other side holds the text.
      if (before <= glyphInk && after > glyphInk) left = border.x + halfWidth;
      else if (after <= glyphInk && before > glyphInk) right = border.x - halfWidth;
    }
    const pieces = options.split ? piecesBetween(image, crossing, left, right, y, height, halfWidth, glyphInk) : [];
    if (pieces.length >= 2) split.push(...pieces);
    else kept.push(left === line.box.x && right - left === line.box.width ? line : { ...line, box: { x: left, y, width: right - left, height } });
  }
  return { lines: kept, pieces: split.filter((piece) => !kept.some((line) => covered(piece, line.box) >= DUPLICATE_COVER)) };
}

/** The inked stretches of a line's box between the borders that run through it. */
function piecesBetween(image: GrayImage, borders: ReadonlyArray<{ readonly x: number }>, left: number, right: number, y: number, height: number, halfWidth: number, glyphInk: number): PixelBox[] {
  const cuts = borders.map((border) => border.x).filter((x) => x - halfWidth > left && x + halfWidth < right).sort((a, b) => a - b);
  if (cuts.length === 0) return [];
  const edges = [left - halfWidth, ...cuts, right + halfWidth];
  const pieces: PixelBox[] = [];
  for (let index = 0; index + 1 < edges.length; index++) {
    const from = edges[index]! + halfWidth;
    const to = edges[index + 1]! - halfWidth;
    if (to - from >= 1 && inkCount(image, from, to, y, y + height) > glyphInk) pieces.push({ x: from, y, width: to - from, height });
  }
  return pieces;
}

/** The share of `piece`'s area inside `box`. */
function covered(piece: PixelBox, box: PixelBox): number {
  const width = Math.min(piece.x + piece.width, box.x + box.width) - Math.max(piece.x, box.x);
  const height = Math.min(piece.y + piece.height, box.y + box.height) - Math.max(piece.y, box.y);
  return width <= 0 || height <= 0 ? 0 : (width * height) / (piece.width * piece.height);
}

/** Pixels darker than faint ink in a rectangle of the image (clipped to it). */
function inkCount(image: GrayImage, fromX: number, toX: number, fromY: number, toY: number): number {
  let count = 0;
  const x0 = Math.max(0, Math.floor(fromX));
  const x1 = Math.min(image.width, Math.ceil(toX));
  const y0 = Math.max(0, Math.floor(fromY));
  const y1 = Math.min(image.height, Math.ceil(toY));
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (image.data[y * image.width + x]! < FAINT_INK_BELOW) count++;
  return count;
}
