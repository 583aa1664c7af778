import type { GrayImage } from "./gray-image.js";

/** Darker than this is ink. */
const INK_BELOW = 128;
/** Strips narrow enough that text lines in neighbouring table cells rarely overlap in one strip's rows. */
const STRIP_COUNT = 12;
/** A column inked without a break over more than this share of the page's height is a vertical border, not text. */
const BORDER_RUN_SHARE = 0.1;
/** A run of inked rows shorter than this is a horizontal border or a speck. */
const MIN_RUN_PIXELS = 4;

/**
 * The median height in pixels of the page's lines of text, from the image alone, before any detection:
 * within each vertical strip of the page, rows with ink form runs, one per line of text (borders taken
 * out: vertical ones by column, horizontal ones by being too thin). Null when the page has no such run.
 * It lets the detector be given as many pixels as the page's own text needs, no more.
 */
export function estimateTextHeight(image: GrayImage): number | null {
  const { width, height, data } = image;
  const stripWidth = Math.max(1, Math.ceil(width / STRIP_COUNT));
  const runs: number[] = [];
  const columnRun = new Int32Array(stripWidth);
  const longestRun = new Int32Array(stripWidth);
  for (let left = 0; left < width; left += stripWidth) {
    const right = Math.min(width, left + stripWidth);
    columnRun.fill(0);
    longestRun.fill(0);
    for (let y = 0; y < height; y++) {
      const row = y * width;
      for (let x = left; x < right; x++) {
        const column = x - left;
        columnRun[column] = data[row + x]! < INK_BELOW ? columnRun[column]! + 1 : 0;
        if (columnRun[column]! > longestRun[column]!) longestRun[column] = columnRun[column]!;
      }
    }
    const border = Array.from({ length: right - left }, (_unused, index) => longestRun[index]! > height * BORDER_RUN_SHARE);
    let run = 0;
    for (let y = 0; y <= height; y++) {
      let inked = false;
      if (y < height) {
        const row = y * width;
        for (let x = left; x < right && !inked; x++) inked = !border[x - left] && data[row + x]! < INK_BELOW;
      }
      if (inked) run++;
      else {
        if (run >= MIN_RUN_PIXELS) runs.push(run);
        run = 0;
      }
    }
  }
  if (runs.length === 0) return null;
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)]!;
}
