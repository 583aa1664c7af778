import type { PageDoubt, PdfPage, Ruling } from "../../schemas/layout.js";

/**
 * A page whose table grid disagrees with the grid of its sibling pages — pages of the same document that
 * print the same form (tables of the same width) — is suspect: on a scan, a column border missing on one
 * page and present on all the others is a border the reading lost (a short row's inner borders fading into
 * the JPEG noise), and the cells on both sides of it merged. The records read from that page carry the doubt
 * (`layout_grid_mismatch`) instead of passing as certain.
 *
 * Only scanned pages are compared: a text layer's borders are the vectors the document drew, so a page that
 * draws other columns than its siblings is the document's own design, not a misreading.
 *
 * The grid of a page is the set of x-positions of its column borders, measured from the table's left edge
 * (a scan shifts a page by a few points as a whole); two positions are the same column border within
 * `tolerance` points. Pages of one form have tables of the same width that share most of their borders
 * (`sameForm`). A border counts as the form's when every other page of the form has it, and at least
 * `minimumSiblings` others exist.
 */
export function comparePageGrids(pages: readonly PdfPage[], options: CompareGridsOptions = {}): PageDoubt[] {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const minimumSiblings = options.minimumSiblings ?? DEFAULT_MINIMUM_SIBLINGS;
  const grids = pages.filter((page) => page.source === "ocr").flatMap((page) => {
    const grid = pageGrid(page, tolerance);
    return grid ? [grid] : [];
  });
  const doubts: PageDoubt[] = [];
  for (const grid of grids) {
    // A page holding only the end of a table (the last rows of a form that broke across pages) lacks the
    // borders of the rows it does not hold: it is compared only with pages whose tables are no taller.
    const siblings = grids.filter((other) => other !== grid && sameForm(grid, other, tolerance) && other.height <= grid.height * TALLER_SIBLING);
    if (siblings.length < minimumSiblings) continue;
    const missing = siblings[0]!.borders.filter(
      (border) => !has(grid.borders, border, tolerance) && siblings.every((sibling) => has(sibling.borders, border, tolerance)),
    );
    if (missing.length === 0) continue;
    const positions = missing.map((border) => (grid.left + border).toFixed(0)).join(", ");
    doubts.push({
      page: grid.page,
      reason: `the table on page ${grid.page} has no column border at x ≈ ${positions} pt, which the same form has on ${siblings.length === 1 ? "page" : "pages"} ${siblings.map((sibling) => sibling.page).join(", ")}: cells on either side may have merged`,
    });
  }
  return doubts;
}

export interface CompareGridsOptions {
  /** Points within which two column borders are the same border. @default 4 */
  readonly tolerance?: number;
  /** Pages of the same form a page must have beside it before it is compared. @default 2 */
  readonly minimumSiblings?: number;
}

/** Scans shift and stretch a little; a column border moves by a point or two, never by four. */
const DEFAULT_TOLERANCE = 4;
/** Of the column borders of the page with more of them, the share two pages of one form have in common. */
const SHARED_BORDERS = 2 / 3;
/** How much taller than the page a sibling's table may be and still show what the page should have. */
const TALLER_SIBLING = 1.25;
/** With one sibling there is no telling which of the two lost a border; with two, the odd one is the suspect. */
const DEFAULT_MINIMUM_SIBLINGS = 2;

interface PageGrid {
  readonly page: number;
  /** The table's outer left border, in points. */
  readonly left: number;
  /** Its width, outer border to outer border. */
  readonly width: number;
  /** Its height, the span of its outer borders. */
  readonly height: number;
  /** The inner column borders, measured from `left`. */
  readonly borders: readonly number[];
  readonly landscape: boolean;
}

/** A page's grid, or null when it has no table of two borders or more. */
function pageGrid(page: PdfPage, tolerance: number): PageGrid | null {
  const verticals = page.rulings.filter((ruling) => ruling.orientation === "vertical");
  if (verticals.length < 2) return null;
  // The outer borders are the longest: a table's sides run its whole height.
  const longest = Math.max(...verticals.map(length));
  const sideRulings = verticals.filter((ruling) => length(ruling) >= longest * 0.5);
  const sides = sideRulings.map((ruling) => ruling.position);
  const left = Math.min(...sides);
  const right = Math.max(...sides);
  const height = Math.max(...sideRulings.map((ruling) => ruling.end)) - Math.min(...sideRulings.map((ruling) => ruling.start));
  if (right - left <= tolerance) return null;
  const inner = clusters(
    verticals.map((ruling) => ruling.position).filter((position) => position > left + tolerance && position < right - tolerance),
    tolerance,
  );
  return { page: page.number, left, width: right - left, height, borders: inner.map((position) => position - left), landscape: page.width > page.height };
}

/**
 * Two pages print the same form when their tables have the same width and share most of their column
 * borders: a page that lost a border or two still shares the rest, while another form of the same width (a
 * second project's table with other columns) shares few.
 */
function sameForm(a: PageGrid, b: PageGrid, tolerance: number): boolean {
  if (a.landscape !== b.landscape || Math.abs(a.width - b.width) > tolerance) return false;
  const shared = a.borders.filter((border) => has(b.borders, border, tolerance)).length;
  return shared >= SHARED_BORDERS * Math.max(a.borders.length, b.borders.length);
}

function has(borders: readonly number[], border: number, tolerance: number): boolean {
  return borders.some((candidate) => Math.abs(candidate - border) <= tolerance);
}

function length(ruling: Ruling): number {
  return ruling.end - ruling.start;
}

/** Sorted positions, each run closer than `tolerance` to its neighbour taken as one (its mean). */
function clusters(positions: readonly number[], tolerance: number): number[] {
  const sorted = [...positions].sort((a, b) => a - b);
  const groups: number[][] = [];
  for (const position of sorted) {
    const group = groups.at(-1);
    if (group && position - group.at(-1)! <= tolerance) group.push(position);
    else groups.push([position]);
  }
  return groups.map((group) => group.reduce((sum, value) => sum + value, 0) / group.length);
}
