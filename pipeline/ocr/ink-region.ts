import type { GrayImage } from "./gray-image.js";
import type { PixelBox } from "./ocr-engine.js";

/**
 * Darker than this is ink for the questions "is anything written here?" (the written region, an unread cell, a
 * box's overhang past a border): lighter than the 128 that text-height and border detection use, so faint print
 * and a scan's grey strokes count.
 */
export const FAINT_INK_BELOW = 176;
/** A block is written on when at least this share of its pixels is ink: a stroke crossing it covers far more, scanner specks far less. */
const MIN_INK_SHARE = 0.03;
/** Margin kept around the written area, in text heights: the detector sees a little paper beyond the outermost text, as on the full page. */
const MARGIN_TEXT_HEIGHTS = 2;
/** A written block counts when at least this many of its eight neighbours are written too. */
const MIN_WRITTEN_NEIGHBOURS = 2;
/** Without a measured text height, blocks of this many pixels. */
const FALLBACK_TEXT_PIXELS = 20;
/** Below this share of the page, cropping is worth its copy; above it, the whole page is given. */
const WORTH_CROPPING = 0.9;

/**
 * The part of the page where there is anything to read: the bounding box of its written blocks, with a
 * margin. The detector's cost and working memory grow with the pixels it is given, and a form's margins,
 * the blank half of a last page and the space under a short table are often half of a page (on the
 * scanned fixtures the text covers 53 % of the page area).
 *
 * Sizes come from the page: blocks are half a text height square, so a character fills two to four and a
 * line of text a row of them, while a block with fewer than two written neighbours (a speck, a dust mark, a
 * pair of them) is not counted. Null when the whole page should be read: nothing
 * written found, or the written area is nearly all of it.
 */
export function inkRegion(image: GrayImage, textHeightPixels: number | null): PixelBox | null {
  const { width, height, data } = image;
  const textPixels = textHeightPixels && textHeightPixels > 0 ? textHeightPixels : FALLBACK_TEXT_PIXELS;
  const block = Math.max(2, Math.round(textPixels / 2));
  const columns = Math.ceil(width / block);
  const rows = Math.ceil(height / block);
  const counts = new Uint32Array(columns * rows);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const blockRow = Math.floor(y / block) * columns;
    for (let x = 0; x < width; x++) if (data[row + x]! < FAINT_INK_BELOW) counts[blockRow + Math.floor(x / block)]!++;
  }
  const minInk = Math.max(1, Math.ceil(block * block * MIN_INK_SHARE));
  const written = (column: number, row: number) => column >= 0 && row >= 0 && column < columns && row < rows && counts[row * columns + column]! >= minInk;
  let first = { column: columns, row: rows };
  let last = { column: -1, row: -1 };
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      if (!written(column, row) || writtenNeighbours(written, column, row) < MIN_WRITTEN_NEIGHBOURS) continue;
      first = { column: Math.min(first.column, column), row: Math.min(first.row, row) };
      last = { column: Math.max(last.column, column), row: Math.max(last.row, row) };
    }
  }
  if (last.column < 0) return null;
  const margin = Math.ceil(MARGIN_TEXT_HEIGHTS * textPixels);
  const left = Math.max(0, first.column * block - margin);
  const top = Math.max(0, first.row * block - margin);
  const right = Math.min(width, (last.column + 1) * block + margin);
  const bottom = Math.min(height, (last.row + 1) * block + margin);
  if ((right - left) * (bottom - top) > WORTH_CROPPING * width * height) return null;
  return { x: left, y: top, width: right - left, height: bottom - top };
}

function writtenNeighbours(written: (column: number, row: number) => boolean, column: number, row: number): number {
  let count = 0;
  for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if ((dx !== 0 || dy !== 0) && written(column + dx, row + dy)) count++;
  return count;
}

