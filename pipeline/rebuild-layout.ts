import type { Box, Cell, LayoutDocument, PdfDocument, PdfPage, Row, Ruling, TextItem } from "../schemas/layout.js";
import type { StageContext } from "./context.js";
import { joinReadings } from "./ocr/ocr-reading.js";
import { comparePageGrids } from "./layout/compare-page-grids.js";

/**
 * Layout stage: rows of cells per page, each cell with its page and box. Every later stage reads this.
 *
 * Where the page has ruling lines, a cell is the rectangle of borders enclosing its text, so a merged cell
 * (rowspan or colspan) is one cell placed at its top-left grid position, and a cell's text wrapped over
 * several lines is joined back. Pages without rulings (scans, borderless tables) fall back to clustering
 * text by position. Scanned pages whose column borders disagree with their sibling pages' are reported as
 * page doubts (`layout/compare-page-grids.ts`).
 */
export async function rebuildLayout(document: PdfDocument, _context: StageContext): Promise<LayoutDocument> {
  const rows = joinRowsCutByPageBreaks(document.pages.flatMap((page) => rebuildPage(page)));
  const pageDoubts = comparePageGrids(document.pages);
  return {
    path: document.path,
    sha256: document.sha256,
    pageCount: document.pageCount,
    rows,
    pageSources: document.pages.map((page) => page.source),
    ...(pageDoubts.length > 0 ? { pageDoubts } : {}),
  };
}

/**
 * A table row that a page break cut in two comes back as one row: the part at the top of the next page
 * (no border above it) is appended, column by column, to the last table row of the previous page — when
 * that row was cut too (no border below it). A merged cell that merely spans the break leaves the next
 * page's first row without a top border although the previous page closed its last row: that is a new row.
 * A table whose header row repeats on every page puts the repeat first: the cut row's rest then follows it,
 * below the repeat's border.
 */
function joinRowsCutByPageBreaks(rows: Row[]): Row[] {
  const joined: Row[] = [];
  const afterRepeat = rowsAfterRepeatedHeaders(rows);
  for (const row of rows) {
    const last = row.continued || afterRepeat.has(row) ? findLast(joined, (candidate) => candidate.table !== null && candidate.page === row.page - 1) : undefined;
    // Below a repeated header (which has a border under it) a row continues the cut one only where the cut
    // row's text runs on: each of its cells under a cell of the cut row whose last line reached the edge.
    const fragment = (candidate: Row) => row.cells.every((cell) => (candidate.wrappedColumns ?? []).includes(cell.column));
    const previous = last?.cut && (row.continued || fragment(last)) ? last : undefined;
    if (!previous) {
      joined.push(row);
      continue;
    }
    const cells = previous.cells.map((cell) => ({ ...cell }));
    for (const cell of row.cells) {
      const target = cells.find((candidate) => candidate.column <= cell.column && cell.column < candidate.column + candidate.columnSpan);
      if (target) {
        const text = joinWrapped(target.text, cell.text);
        const ocr = joinReadings(text, [target, cell]);
        target.text = text;
        if (ocr) target.ocr = ocr;
      } else cells.push(cell);
    }
    joined[joined.lastIndexOf(previous)] = { ...previous, cells: cells.sort((a, b) => a.column - b.column), continuedOnPage: row.page };
  }
  return joined;
}

/** Per page, the first table row after table rows that repeat rows of the previous page (a header printed again). */
function rowsAfterRepeatedHeaders(rows: readonly Row[]): Set<Row> {
  const text = (row: Row) => row.cells.map((cell) => cell.text.replace(/\s+/g, "")).join("|");
  const byPage = new Map<number, Row[]>();
  for (const row of rows) if (row.table !== null) byPage.set(row.page, [...(byPage.get(row.page) ?? []), row]);
  const found = new Set<Row>();
  for (const [page, pageRows] of byPage) {
    const previous = new Set((byPage.get(page - 1) ?? []).map(text));
    const firstNew = pageRows.findIndex((row) => !previous.has(text(row)));
    if (firstNew > 0) found.add(pageRows[firstNew]!);
  }
  return found;
}

function findLast<T>(items: T[], predicate: (item: T) => boolean): T | undefined {
  for (let index = items.length - 1; index >= 0; index--) if (predicate(items[index]!)) return items[index];
  return undefined;
}

/** Rulings closer than this (points) are the same line; Chromium and Word draw cell borders twice. */
const SNAP = 1.5;

export function rebuildPage(page: PdfPage): Row[] {
  const horizontals = mergeRulings(page.rulings.filter((ruling) => ruling.orientation === "horizontal"));
  const verticals = mergeRulings(page.rulings.filter((ruling) => ruling.orientation === "vertical"));
  const cellItems = new Map<string, { rect: Rect; items: TextItem[] }>();
  const freeItems: TextItem[] = [];

  for (const item of page.items) {
    const rect = enclosingCell(item.box, horizontals, verticals);
    if (!rect) {
      freeItems.push(item);
      continue;
    }
    const key = `${rect.left}|${rect.top}|${rect.right}|${rect.bottom}`;
    const entry = cellItems.get(key) ?? { rect, items: [] };
    entry.items.push(item);
    cellItems.set(key, entry);
  }

  const tableRows = buildTableRows(page.number, [...cellItems.values()], verticals);
  const freeRows = verticals.length === 0 && horizontals.length === 0 ? clusterRows(page.number, freeItems) : freeLines(page.number, freeItems);
  return [...tableRows, ...freeRows].sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
}

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
  /** No border above: the cell continues a row cut by the previous page break. */
  openTop?: boolean;
  /** No border below: the page break cut the cell's row. */
  openBottom?: boolean;
}

/** Joins collinear overlapping segments so a border drawn cell by cell becomes one line. */
function mergeRulings(rulings: Ruling[]): Ruling[] {
  const sorted = [...rulings].sort((a, b) => a.position - b.position || a.start - b.start);
  const merged: Ruling[] = [];
  for (const ruling of sorted) {
    const match = merged.find(
      (candidate) => Math.abs(candidate.position - ruling.position) <= SNAP && ruling.start <= candidate.end + SNAP && ruling.end >= candidate.start - SNAP,
    );
    if (match) {
      match.start = Math.min(match.start, ruling.start);
      match.end = Math.max(match.end, ruling.end);
    } else {
      merged.push({ ...ruling });
    }
  }
  return merged;
}

function enclosingCell(box: Box, horizontals: Ruling[], verticals: Ruling[]): Rect | null {
  const centerX = box.x + Math.min(box.width, box.height) / 2;
  // The item's cell is the one its first character stands in: an OCR box is looser than its glyphs and may
  // start a point or two left of the border before it (or take the border in, as a `|`).
  const anchorX = Math.max(box.x + SNAP, centerX);
  const centerY = box.y + box.height / 2;
  const covers = (ruling: Ruling, at: number) => ruling.start - SNAP <= at && ruling.end + SNAP >= at;
  let left: Ruling | null = null;
  let right: Ruling | null = null;
  for (const ruling of verticals) {
    if (!covers(ruling, centerY)) continue;
    if (ruling.position <= anchorX && (left === null || ruling.position > left.position)) left = ruling;
    if (ruling.position > anchorX && (right === null || ruling.position < right.position)) right = ruling;
  }
  if (left === null || right === null) return null;
  const middleX = (left.position + right.position) / 2;
  let top: number | null = null;
  let bottom: number | null = null;
  for (const ruling of horizontals) {
    if (!covers(ruling, Math.min(centerX, middleX)) && !covers(ruling, middleX)) continue;
    if (ruling.position <= centerY && (top === null || ruling.position > top)) top = ruling.position;
    if (ruling.position > centerY && (bottom === null || ruling.position < bottom)) bottom = ruling.position;
  }
  // A row split by a page break has no border on the cut side: its side borders end where the page does.
  const openTop = top === null;
  const openBottom = bottom === null;
  top ??= Math.max(left.start, right.start);
  bottom ??= Math.min(left.end, right.end);
  return { left: left.position, top, right: right.position, bottom, openTop, openBottom };
}

function buildTableRows(page: number, cells: Array<{ rect: Rect; items: TextItem[] }>, verticals: Ruling[]): Row[] {
  if (cells.length === 0) return [];
  cells.sort((a, b) => a.rect.top - b.rect.top || a.rect.left - b.rect.left);

  // Cells that touch vertically belong to one table; a gap of free text between them starts another.
  const tables: Array<typeof cells> = [];
  let bottom = -Infinity;
  for (const cell of cells) {
    if (cell.rect.top > bottom + SNAP * 2 || tables.length === 0) tables.push([]);
    tables.at(-1)!.push(cell);
    bottom = Math.max(bottom, cell.rect.bottom);
  }

  const rows: Row[] = [];
  tables.forEach((tableCells, tableIndex) => {
    const tableTop = Math.min(...tableCells.map((cell) => cell.rect.top));
    const tableBottom = Math.max(...tableCells.map((cell) => cell.rect.bottom));
    const columnEdges = uniqueSorted(
      verticals.filter((ruling) => ruling.end > tableTop + SNAP && ruling.start < tableBottom - SNAP).map((ruling) => ruling.position),
    );
    const rowTops = uniqueSorted(tableCells.map((cell) => cell.rect.top));
    const byRow = new Map<number, Cell[]>();
    for (const { rect, items } of tableCells) {
      const rowIndex = indexOf(rowTops, rect.top);
      const column = Math.max(0, indexOf(columnEdges, rect.left));
      const text = joinCellText(items, rect);
      const ocr = joinReadings(text, groupLines(items).flat());
      const cell: Cell = {
        text,
        page,
        box: { x: rect.left, y: rect.top, width: round(rect.right - rect.left), height: round(rect.bottom - rect.top) },
        column,
        columnSpan: Math.max(1, indexOf(columnEdges, rect.right) - column),
        rowSpan: Math.max(1, rowTops.filter((top) => top >= rect.top - SNAP && top < rect.bottom - SNAP).length),
        ...(ocr ? { ocr } : {}),
      };
      const list = byRow.get(rowIndex) ?? [];
      list.push(cell);
      byRow.set(rowIndex, list);
    }
    for (const [rowIndex, rowCells] of [...byRow.entries()].sort(([a], [b]) => a - b)) {
      rowCells.sort((a, b) => a.column - b.column);
      const inRow = tableCells.filter(({ rect }) => indexOf(rowTops, rect.top) === rowIndex);
      // A page break cuts a row when none of its cells closes there: a cell merged down over the rows below
      // that starts here (a level 1 spanning into the next page) is open while its row's own cells are closed.
      const continued = inRow.length > 0 && inRow.every(({ rect }) => rect.openTop);
      const cut = inRow.length > 0 && inRow.every(({ rect }) => rect.openBottom);
      // Where a cut row's text goes on: the columns whose last line runs to the cell's edge.
      const wrappedColumns = cut
        ? inRow.filter(({ rect, items }) => runsToEdge(groupLines(items).at(-1)!, rect)).map(({ rect }) => Math.max(0, indexOf(columnEdges, rect.left)))
        : [];
      rows.push({
        page,
        table: tableIndex,
        box: unionBox(rowCells.map((cell) => cell.box)),
        cells: rowCells,
        ...(continued ? { continued } : {}),
        ...(cut ? { cut, wrappedColumns } : {}),
      });
    }
  });
  return rows;
}

/**
 * A cell's lines in reading order. A line that runs to the cell's right edge was wrapped by the renderer and
 * continues without a break; a line that stops short ended on purpose (a list item, a paragraph) and keeps
 * a newline, which list-shaped cells need.
 */
export function joinCellText(items: TextItem[], rect: Rect): string {
  const lines = groupLines(items);
  let text = "";
  lines.forEach((line, index) => {
    const lineText = joinLine(line);
    if (index > 0) {
      text = runsToEdge(lines[index - 1]!, rect) ? joinWrapped(text, lineText) : `${text}\n${lineText}`;
    } else {
      text = lineText;
    }
  });
  return text;
}

/** A line that runs to the cell's right edge (within two characters) was wrapped: its text goes on. */
function runsToEdge(line: TextItem[], rect: Rect): boolean {
  const last = line.at(-1)!;
  return last.box.x + last.box.width >= rect.right - last.box.height * 2.2;
}

/**
 * Joins two parts of text a renderer wrapped. CJK wraps anywhere, and so does a long code with no spaces
 * (`130636216T3` / `9PTY2WF09`); Latin words wrap at a space, which the wrap consumed.
 */
function joinWrapped(before: string, after: string): string {
  const latinWords = /[A-Za-z0-9%]$/.test(before) && /^[A-Za-z0-9]/.test(after) && /\s/.test(before.slice(before.lastIndexOf("\n") + 1));
  return before + (latinWords ? " " : "") + after;
}

function groupLines(items: TextItem[]): TextItem[][] {
  const sorted = [...items].sort((a, b) => a.box.y - b.box.y || a.box.x - b.box.x);
  const lines: TextItem[][] = [];
  for (const item of sorted) {
    const line = lines.at(-1);
    const reference = line?.[0];
    if (line && reference && Math.abs(reference.box.y + reference.box.height / 2 - (item.box.y + item.box.height / 2)) < reference.box.height * 0.5) {
      line.push(item);
    } else {
      lines.push([item]);
    }
  }
  return lines.map((line) => line.sort((a, b) => a.box.x - b.box.x));
}

function joinLine(line: TextItem[]): string {
  return line.map((item) => item.text).join(" ");
}

/** A line's (or a gap-split group's) text and, on an OCR'd page, the reading of it. */
function readText(line: TextItem[]): Pick<Cell, "text" | "ocr"> {
  const text = joinLine(line);
  const ocr = joinReadings(text, line);
  return { text, ...(ocr ? { ocr } : {}) };
}

/** Text outside any bordered cell: one row per visual line, one cell per line. */
function freeLines(page: number, items: TextItem[]): Row[] {
  return groupLines(items).map((line) => {
    const box = unionBox(line.map((item) => item.box));
    return { page, table: null, box, cells: [{ ...readText(line), page, box, column: 0, columnSpan: 1, rowSpan: 1 }] };
  });
}

/**
 * No rulings at all (a scan, a borderless table): lines by position, cells split at wide gaps, columns
 * numbered by clustering the cells' left edges over the whole page.
 */
function clusterRows(page: number, items: TextItem[]): Row[] {
  const lines = groupLines(items);
  const lineCells = lines.map((line) => {
    const groups: TextItem[][] = [];
    for (const item of line) {
      const group = groups.at(-1);
      const last = group?.at(-1);
      if (group && last && item.box.x - (last.box.x + last.box.width) < last.box.height * 1.5) group.push(item);
      else groups.push([item]);
    }
    return groups;
  });
  const lefts = uniqueSorted(lineCells.flat().map((group) => group[0]!.box.x), 12);
  return lineCells.map((groups) => {
    const cells: Cell[] = groups.map((group) => {
      const box = unionBox(group.map((item) => item.box));
      return { ...readText(group), page, box, column: Math.max(0, indexOf(lefts, box.x, 12)), columnSpan: 1, rowSpan: 1 };
    });
    return { page, table: cells.length > 1 ? 0 : null, box: unionBox(cells.map((cell) => cell.box)), cells, borderless: true };
  });
}

function uniqueSorted(values: number[], tolerance = SNAP): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const unique: number[] = [];
  for (const value of sorted) if (unique.length === 0 || value - unique.at(-1)! > tolerance) unique.push(value);
  return unique;
}

function indexOf(sorted: number[], value: number, tolerance = SNAP): number {
  let best = -1;
  for (let index = 0; index < sorted.length; index++) if (sorted[index]! <= value + tolerance) best = index;
  return best;
}

function unionBox(boxes: Box[]): Box {
  const left = Math.min(...boxes.map((box) => box.x));
  const top = Math.min(...boxes.map((box) => box.y));
  const right = Math.max(...boxes.map((box) => box.x + box.width));
  const bottom = Math.max(...boxes.map((box) => box.y + box.height));
  return { x: round(left), y: round(top), width: round(right - left), height: round(bottom - top) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
