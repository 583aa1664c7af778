import type { Ruling } from "../../schemas/layout.js";
import type { GrayImage } from "./gray-image.js";
import type { OcrLine, PixelBox } from "./ocr-engine.js";
import { inkCount } from "./trim-border-overhang.js";

/** Either side of a border's centre line, this much (in text heights) is the border's own stroke and blur. */
const BORDER_HALF_WIDTH = 0.15;
/** A side holding at least this much ink (per square text height) holds a glyph. */
const MIN_SIDE_INK = 0.03;
/** A piece whose box lies this much inside a line that was not split repeats that line. */
const DUPLICATE_COVER = 0.6;

/** Lines that cross no border, and the pieces of those that did, to be read again. */
export interface BorderSplit {
  readonly kept: OcrLine[];
  readonly pieces: PixelBox[];
}

/**
 * A table's vertical border never runs through a line of text: a detected line box with a border through its
 * middle and ink on both sides is two cells' texts joined, because the detector's probability map bridged the
 * thin gap at the border (it does so more often at int8). Such a box is cut at each border into pieces for the
 * recognizer to read again; a piece that lies inside a line the detector also found on its own is that line
 * again and is dropped. Boxes are in the image's pixels; `rulings` in points, `scale` pixels per point.
 */
export function splitAtBorders(image: GrayImage, lines: readonly OcrLine[], rulings: readonly Ruling[], scale: number, textHeightPixels: number | null): BorderSplit {
  if (!textHeightPixels || textHeightPixels <= 0) return { kept: [...lines], pieces: [] };
  const borders = rulings.filter((ruling) => ruling.orientation === "vertical").map((ruling) => ({ x: ruling.position * scale, top: ruling.start * scale, bottom: ruling.end * scale }));
  const halfWidth = Math.max(1, BORDER_HALF_WIDTH * textHeightPixels);
  const minInk = MIN_SIDE_INK * textHeightPixels * textHeightPixels;
  const kept: OcrLine[] = [];
  const split: PixelBox[][] = [];
  for (const line of lines) {
    const { x, y, width, height } = line.box;
    const middle = y + height / 2;
    const cuts = borders
      .filter((border) => border.top <= middle && border.bottom >= middle && border.x - halfWidth > x && border.x + halfWidth < x + width)
      .map((border) => border.x)
      .sort((a, b) => a - b);
    const edges = [x - halfWidth, ...cuts, x + width + halfWidth];
    const pieces: PixelBox[] = [];
    for (let index = 0; index + 1 < edges.length; index++) {
      const left = edges[index]! + halfWidth;
      const right = edges[index + 1]! - halfWidth;
      if (right - left >= 1 && inkCount(image, left, right, y, y + height) >= minInk) pieces.push({ x: left, y, width: right - left, height });
    }
    if (cuts.length === 0 || pieces.length < 2) kept.push(line);
    else split.push(pieces);
  }
  const pieces = split.flat().filter((piece) => !kept.some((line) => covered(piece, line.box) >= DUPLICATE_COVER));
  return { kept, pieces };
}

/** The share of `piece`'s area inside `box`. */
function covered(piece: PixelBox, box: PixelBox): number {
  const width = Math.min(piece.x + piece.width, box.x + box.width) - Math.max(piece.x, box.x);
  const height = Math.min(piece.y + piece.height, box.y + box.height) - Math.max(piece.y, box.y);
  return width <= 0 || height <= 0 ? 0 : (width * height) / (piece.width * piece.height);
}
