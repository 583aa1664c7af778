import { describe, expect, it } from "vitest";
import type { PdfPage, Ruling } from "../../schemas/layout.js";
import { comparePageGrids } from "./compare-page-grids.js";

/** A page of a form: outer borders at `left` and `left + 400`, inner column borders at `inner` (relative to left). */
function formPage(number: number, inner: readonly number[], options: { left?: number; source?: PdfPage["source"]; width?: number; bottom?: number } = {}): PdfPage {
  const left = options.left ?? 50;
  const width = options.width ?? 400;
  const bottom = options.bottom ?? 700;
  const vertical = (position: number, start = 100, end = bottom): Ruling => ({ orientation: "vertical", position, start, end });
  return {
    number,
    width: 595,
    height: 842,
    source: options.source ?? "ocr",
    items: [],
    rulings: [
      { orientation: "horizontal", position: 100, start: left, end: left + width },
      { orientation: "horizontal", position: bottom, start: left, end: left + width },
      vertical(left),
      vertical(left + width),
      ...inner.map((position) => vertical(left + position, 120, 140)),
    ],
  };
}

describe("comparePageGrids", () => {
  it("doubts the scanned page that lacks a column border every sibling page of its form has", () => {
    const pages = [formPage(1, [80, 160, 300]), formPage(2, [80, 300]), formPage(3, [80, 160, 300])];
    const doubts = comparePageGrids(pages);
    expect(doubts).toEqual([{ page: 2, reason: expect.stringContaining("no column border at x ≈ 210 pt") }]);
    expect(doubts[0]!.reason).toContain("pages 1, 3");
  });

  it("matches borders across a page shifted as a whole, as a scan shifts", () => {
    const pages = [formPage(1, [80, 160, 300]), formPage(2, [80, 160, 300], { left: 57 }), formPage(3, [81.5, 159, 301])];
    expect(comparePageGrids(pages)).toEqual([]);
  });

  it("does not compare pages of another form (a table of another width)", () => {
    const pages = [formPage(1, [80, 160, 300]), formPage(2, [120], { width: 300 }), formPage(3, [80, 160, 300])];
    expect(comparePageGrids(pages)).toEqual([]);
  });

  it("needs two siblings: with one, there is no telling which page lost the border", () => {
    expect(comparePageGrids([formPage(1, [80, 160, 300]), formPage(2, [80, 300])])).toEqual([]);
  });

  it("leaves text-layer pages alone: their borders are what the document drew", () => {
    const pages = [formPage(1, [80, 160, 300], { source: "text-layer" }), formPage(2, [80, 300], { source: "text-layer" }), formPage(3, [80, 160, 300], { source: "text-layer" })];
    expect(comparePageGrids(pages)).toEqual([]);
  });

  it("does not compare a table of the same width whose columns are mostly others (another project's form)", () => {
    const pages = [formPage(1, [80, 160, 300]), formPage(2, [80, 160, 300]), formPage(3, [40, 120, 220, 260, 340])];
    expect(comparePageGrids(pages)).toEqual([]);
  });

  it("does not doubt a page holding only the end of a table, which lacks the rows above", () => {
    // Page 3 holds the last 40 pt of a form; the border at 160 belongs to a header row it does not have.
    const pages = [formPage(1, [80, 160, 300]), formPage(2, [80, 160, 300]), formPage(3, [80, 300], { bottom: 140 })];
    expect(comparePageGrids(pages)).toEqual([]);
  });

  it("does not doubt a page for a border only some siblings have", () => {
    const pages = [formPage(1, [80, 160, 300]), formPage(2, [80, 300]), formPage(3, [80, 300]), formPage(4, [80, 160, 300])];
    expect(comparePageGrids(pages)).toEqual([]);
  });
});
