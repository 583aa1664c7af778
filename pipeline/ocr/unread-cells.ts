import type { Ruling } from "../../schemas/layout.js";
import type { GrayImage } from "./gray-image.js";
import { FAINT_INK_BELOW } from "./ink-region.js";
import type { PixelBox } from "./ocr-engine.js";

/** Inside a cell, this far from its borders (in text heights) is where its text can be: border strokes and their blur stay out. */
const BORDER_CLEARANCE = 0.2;
/** Ink worth reading: at least this many pixels per square text height (a thin `1` has ~0.1, a speck of dust far less). */
const MIN_INK_PER_SQUARE_TEXT = 0.04;
/** …and at least this tall, in text heights: a digit is ~0.7, a stray dot or a JPEG block is not… */
const MIN_INK_HEIGHT = 0.4;
/**
 * …or, flatter, at least this wide: an `=` in a comparator column is ~0.3 tall and ~0.65 wide at 150 dpi (a
 * dash ~0.5 wide), a speck is neither. What is read there still has to be read by the recognizer with confidence.
 */
const MIN_FLAT_INK_WIDTH = 0.5;
/** A column of a cell's inside inked over more than this share of its height is a border's remnant, not text. */
const BORDER_SHARE = 0.6;
/** A blot of ink smaller than this (pixels per square text height) is a speck, not a stroke: a `1` at 150 dpi is ~0.1. */
const MIN_BLOT = 0.02;
/** Paper kept around the ink for the recognizer, in text heights, as around a detected box. */
const PADDING = 0.3;

/**
 * The table cells that hold ink but no recognized line, each as the box around its ink: what the detector
 * missed. A lone thin glyph (the serial `1` of a project row, a one-digit code, `√`) is often too small for the
 * text detector to box on a scan, and losing it can lose a project boundary; the recognizer reads it well
 * once it is given the crop. Cells come from the page's own borders (`rulings`, in points; `scale` pixels per
 * point) and sizes from its text height, so the same rule holds at any resolution.
 */
export function unreadCells(
  image: GrayImage,
  rulings: readonly Ruling[],
  scale: number,
  lines: readonly { readonly box: PixelBox }[],
  textHeightPixels: number | null,
  cells: readonly InkedCell[] = inkedCells(image, rulings, scale, textHeightPixels),
): PixelBox[] {
  return cells
    .filter(({ cell }) => !lines.some((line) => overlaps(line.box, cell)))
    .map(({ box }) => box);
}

/** A table cell holding ink worth reading, in pixels: the cell, its inside, its ink and the box to read it from. */
export interface InkedCell {
  readonly cell: Rect;
  /** The cell without `BORDER_CLEARANCE` along its borders: where its text can be. */
  readonly inner: Rect;
  /** The box around the cell's ink (inclusive pixel bounds), specks and border remnants left out. */
  readonly ink: Rect;
  /** The ink with paper around it, as around a detected box, at least as wide as tall: the crop to read. */
  readonly box: PixelBox;
}

/** Every cell of the page's bordered tables that holds ink worth reading (see `unreadCells`), read or not. */
export function inkedCells(image: GrayImage, rulings: readonly Ruling[], scale: number, textHeightPixels: number | null): InkedCell[] {
  if (!textHeightPixels || textHeightPixels <= 0) return [];
  const cells = gridCells(rulings).map((cell) => ({ left: cell.left * scale, top: cell.top * scale, right: cell.right * scale, bottom: cell.bottom * scale }));
  const found: InkedCell[] = [];
  for (const cell of cells) {
    const inner = cellInside(cell, textHeightPixels);
    if (inner.right - inner.left < 2 || inner.bottom - inner.top < 2) continue;
    const ink = inkBounds(image, inner, MIN_BLOT * textHeightPixels * textHeightPixels);
    if (!ink || ink.count < MIN_INK_PER_SQUARE_TEXT * textHeightPixels * textHeightPixels) continue;
    if (ink.bottom - ink.top + 1 < MIN_INK_HEIGHT * textHeightPixels && ink.right - ink.left + 1 < MIN_FLAT_INK_WIDTH * textHeightPixels) continue;
    const padding = PADDING * textHeightPixels;
    const top = Math.max(inner.top, ink.top - padding);
    const bottom = Math.min(inner.bottom, ink.bottom + 1 + padding);
    // At least as wide as tall: a box taller than wide would be read as a vertical line of text.
    const half = Math.max((ink.right + 1 - ink.left) / 2 + padding, (bottom - top) / 2);
    const middle = (ink.left + ink.right + 1) / 2;
    const left = Math.max(inner.left, middle - half);
    const right = Math.min(inner.right, middle + half);
    found.push({ cell, inner, ink: { left: ink.left, top: ink.top, right: ink.right, bottom: ink.bottom }, box: { x: left, y: top, width: right - left, height: bottom - top } });
  }
  return found;
}

/** Where a cell's text can be, in whole pixels: the cell less `BORDER_CLEARANCE` text heights along each border. */
export function cellInside(cell: Rect, textHeightPixels: number): Rect {
  const clearance = BORDER_CLEARANCE * textHeightPixels;
  return { left: Math.ceil(cell.left + clearance), top: Math.ceil(cell.top + clearance), right: Math.floor(cell.right - clearance), bottom: Math.floor(cell.bottom - clearance) };
}

export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * The cells of the page's bordered tables, in points: each band between two neighbouring horizontal borders
 * that overlap, cut by the vertical borders that cross the whole band. A merged cell (no border between two
 * columns in that band) stays one cell.
 */
export function gridCells(rulings: readonly Ruling[]): Rect[] {
  const horizontal = rulings.filter((ruling) => ruling.orientation === "horizontal").sort((a, b) => a.position - b.position);
  const vertical = rulings.filter((ruling) => ruling.orientation === "vertical").sort((a, b) => a.position - b.position);
  const cells: Rect[] = [];
  for (let index = 0; index < horizontal.length; index++) {
    const upper = horizontal[index]!;
    const lower = horizontal.slice(index + 1).find((candidate) => candidate.position > upper.position + 1 && candidate.start < upper.end && candidate.end > upper.start);
    if (!lower) continue;
    // A border's ends are a line's width or two off where it meets another.
    const slack = Math.max(2, (lower.position - upper.position) * 0.1);
    const crossing = vertical.filter((line) => line.start <= upper.position + slack && line.end >= lower.position - slack && line.position >= Math.max(upper.start, lower.start) - slack && line.position <= Math.min(upper.end, lower.end) + slack);
    for (let column = 0; column + 1 < crossing.length; column++) {
      const left = crossing[column]!.position;
      const right = crossing[column + 1]!.position;
      if (right - left > 1) cells.push({ left, top: upper.position, right, bottom: lower.position });
    }
  }
  return cells;
}

/** Whether the box's centre is inside the cell. */
export function overlaps(box: PixelBox, cell: Rect): boolean {
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  return x > cell.left && x < cell.right && y > cell.top && y < cell.bottom;
}

/**
 * The ink of a cell's inside: the box of its connected blots of ink, leaving out what is left of a border
 * after deskewing (columns or rows inked over most of the cell) and blots too small to be a stroke (scanner
 * specks, JPEG dots), so a speck beside a lone `1` neither stretches its box nor is read as a quote mark.
 */
function inkBounds(image: GrayImage, rect: Rect, minBlot: number): (Rect & { readonly count: number }) | null {
  const left = Math.max(0, rect.left);
  const top = Math.max(0, rect.top);
  const width = Math.min(image.width, rect.right) - left;
  const height = Math.min(image.height, rect.bottom) - top;
  if (width <= 0 || height <= 0) return null;
  const ink = new Uint8Array(width * height);
  const columnInk = new Uint32Array(width);
  const rowInk = new Uint32Array(height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (image.data[(top + y) * image.width + left + x]! >= FAINT_INK_BELOW) continue;
      ink[y * width + x] = 1;
      columnInk[x]!++;
      rowInk[y]!++;
    }
  }
  for (let x = 0; x < width; x++) if (columnInk[x]! > height * BORDER_SHARE) for (let y = 0; y < height; y++) ink[y * width + x] = 0;
  for (let y = 0; y < height; y++) if (rowInk[y]! > width * BORDER_SHARE) ink.fill(0, y * width, (y + 1) * width);
  let bounds: { left: number; top: number; right: number; bottom: number; count: number } | null = null;
  const stack: number[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (ink[start] !== 1) continue;
    // Flood one 8-connected blot, marking it visited (2).
    ink[start] = 2;
    stack.push(start);
    let size = 0;
    let blot = { left: width, top: height, right: -1, bottom: -1 };
    while (stack.length > 0) {
      const index = stack.pop()!;
      const x = index % width;
      const y = (index - x) / width;
      size++;
      blot = { left: Math.min(blot.left, x), top: Math.min(blot.top, y), right: Math.max(blot.right, x), bottom: Math.max(blot.bottom, y) };
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height || ink[ny * width + nx] !== 1) continue;
          ink[ny * width + nx] = 2;
          stack.push(ny * width + nx);
        }
      }
    }
    if (size < minBlot) continue;
    bounds = bounds
      ? { left: Math.min(bounds.left, blot.left), top: Math.min(bounds.top, blot.top), right: Math.max(bounds.right, blot.right), bottom: Math.max(bounds.bottom, blot.bottom), count: bounds.count + size }
      : { ...blot, count: size };
  }
  return bounds && { left: left + bounds.left, top: top + bounds.top, right: left + bounds.right, bottom: top + bounds.bottom, count: bounds.count };
}
