import type { GrayImage } from "./gray-image.js";

/** A rectangle of an image, in its pixels. */
export interface PixelRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Darker than this is ink for finding where the page is written on: lighter than the reader's 128 so faint print counts. */
const INK_BELOW = 176;
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
export function inkRegion(image: GrayImage, textHeightPixels: number | null): PixelRect | null {
  const { width, height, data } = image;
  const textPixels = textHeightPixels && textHeightPixels > 0 ? textHeightPixels : FALLBACK_TEXT_PIXELS;
  const block = Math.max(2, Math.round(textPixels / 2));
  const columns = Math.ceil(width / block);
  const rows = Math.ceil(height / block);
  const counts = new Uint32Array(columns * rows);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const blockRow = Math.floor(y / block) * columns;
    for (let x = 0; x < width; x++) if (data[row + x]! < INK_BELOW) counts[blockRow + Math.floor(x / block)]!++;
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
  return { left, top, width: right - left, height: bottom - top };
}

function writtenNeighbours(written: (column: number, row: number) => boolean, column: number, row: number): number {
  let count = 0;
  for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if ((dx !== 0 || dy !== 0) && written(column + dx, row + dy)) count++;
  return count;
}

/** The rectangle's pixels as an image of their own. */
export function cropGray(image: GrayImage, rect: PixelRect): GrayImage {
  const data = new Uint8Array(rect.width * rect.height);
  for (let y = 0; y < rect.height; y++) {
    const start = (rect.top + y) * image.width + rect.left;
    data.set(image.data.subarray(start, start + rect.width), y * rect.width);
  }
  return { width: rect.width, height: rect.height, data };
}
