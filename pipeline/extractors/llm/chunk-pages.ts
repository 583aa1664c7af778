import type { Row } from "../../../schemas/layout.js";
import { renderRows } from "../../domain/cell-text.js";

/** A run of consecutive pages sent to the model in one request, with their rows. */
export interface PageChunk {
  readonly pages: readonly number[];
  readonly rows: readonly Row[];
}

/**
 * Splits a document's rows into runs of pages that fit a budget of characters (CJK text runs close to one token
 * per character, so characters are a safe stand-in for tokens). Consecutive chunks share a page, so a project
 * whose table crosses a chunk boundary is seen whole on one side or the other and merged back (see
 * `merge-chunk-projects.ts`); a page longer than the budget is a chunk of its own.
 */
export function chunkPages(rows: readonly Row[], budgetCharacters: number): PageChunk[] {
  const pages = [...new Set(rows.map((row) => row.page))].sort((a, b) => a - b);
  const rowsOf = new Map(pages.map((page) => [page, rows.filter((row) => row.page === page)]));
  const size = new Map(pages.map((page) => [page, renderRows(rowsOf.get(page)!).length]));
  const chunks: PageChunk[] = [];
  let start = 0;
  while (start < pages.length) {
    let end = start + 1;
    let used = size.get(pages[start]!)!;
    while (end < pages.length && used + size.get(pages[end]!)! <= budgetCharacters) used += size.get(pages[end++]!)!;
    const chunkPagesList = pages.slice(start, end);
    chunks.push({ pages: chunkPagesList, rows: chunkPagesList.flatMap((page) => rowsOf.get(page)!) });
    if (end >= pages.length) break;
    // The next chunk starts on this chunk's last page, unless this chunk is that one page alone.
    start = end - start > 1 ? end - 1 : end;
  }
  return chunks;
}
