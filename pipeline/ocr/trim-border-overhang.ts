import type { Ruling } from "../../schemas/layout.js";
import type { GrayImage } from "./gray-image.js";
import { FAINT_INK_BELOW } from "./ink-region.js";
import type { OcrLine } from "./ocr-engine.js";

/** Either side of a border's centre line, this much (in text heights) is the border's own stroke and blur. */
const BORDER_HALF_WIDTH = 0.15;
/** An overhang holding fewer inked pixels than this (per square text height) is paper and specks: no glyph. */
const MAX_OVERHANG_INK = 0.03;

/**
 * Line boxes cut back to the cell their text is in, where the detector's box reaches over a vertical border
 * into the neighbouring cell with nothing but paper there. A box loosened a few points past the border it
 * follows puts its "first character" on the wrong side, and the layout stage then files the whole line in the
 * cell before it (a project's name joined to the serial number beside it). The part beyond the border is
 * cut only when it holds no ink: a box that truly spans two cells (text on both sides) is left as it is.
 * Boxes are in the image's pixels; `rulings` in points, `scale` pixels per point.
 */
export function trimBorderOverhang(image: GrayImage, lines: readonly OcrLine[], rulings: readonly Ruling[], scale: number, textHeightPixels: number | null): OcrLine[] {
  if (!textHeightPixels || textHeightPixels <= 0) return [...lines];
  const borders = rulings.filter((ruling) => ruling.orientation === "vertical").map((ruling) => ({ x: ruling.position * scale, top: ruling.start * scale, bottom: ruling.end * scale }));
  const halfWidth = Math.max(1, BORDER_HALF_WIDTH * textHeightPixels);
  const maxInk = MAX_OVERHANG_INK * textHeightPixels * textHeightPixels;
  return lines.map((line) => {
    let { x: left, width } = line.box;
    let right = left + width;
    const { y, height } = line.box;
    const middle = y + height / 2;
    for (const border of borders) {
      if (border.top > middle || border.bottom < middle || border.x <= left || border.x >= right) continue;
      const before = inkCount(image, left, border.x - halfWidth, y, y + height);
      const after = inkCount(image, border.x + halfWidth, right, y, y + height);
      // Cut the side that is paper, and only when the other side holds the text.
      if (before <= maxInk && after > maxInk) left = border.x + halfWidth;
      else if (after <= maxInk && before > maxInk) right = border.x - halfWidth;
    }
    width = right - left;
    return left === line.box.x && width === line.box.width ? line : { ...line, box: { x: left, y, width, height } };
  });
}

/** Pixels darker than faint ink in a rectangle of the image (clipped to it). */
export function inkCount(image: GrayImage, fromX: number, toX: number, fromY: number, toY: number): number {
  let count = 0;
  const x0 = Math.max(0, Math.floor(fromX));
  const x1 = Math.min(image.width, Math.ceil(toX));
  const y0 = Math.max(0, Math.floor(fromY));
  const y1 = Math.min(image.height, Math.ceil(toY));
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (image.data[y * image.width + x]! < FAINT_INK_BELOW) count++;
  return count;
}
