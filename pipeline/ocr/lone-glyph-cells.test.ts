import { describe, expect, it } from "vitest";
import type { Ruling } from "../../schemas/layout.js";
import { blankImage, type GrayImage } from "./gray-image.js";
import { glyphLineInContext, loneGlyphComposites, withGlyphLines } from "./lone-glyph-cells.js";
import type { OcrLine } from "./ocr-engine.js";

function ink(image: GrayImage, left: number, top: number, width: number, height: number, value = 0): void {
  for (let y = top; y < top + height; y++) image.data.fill(value, y * image.width + left, y * image.width + left + width);
}
const h = (position: number, start: number, end: number): Ruling => ({ orientation: "horizontal", position, start, end });
const v = (position: number, start: number, end: number): Ruling => ({ orientation: "vertical", position, start, end });

/**
 * A two-row `符号 | 指标值 | 说明` table at 2 px per point, text 20 px tall: columns 10–30, 30–120 and 120–200 pt,
 * rows 10–40 and 40–70 pt, borders drawn. The first column holds a comparator glyph (12 × 14 px) in each row.
 */
function comparatorTable(): { image: GrayImage; rulings: Ruling[] } {
  const image = blankImage(420, 160);
  const rulings = [h(10, 10, 200), h(40, 10, 200), h(70, 10, 200), v(10, 10, 70), v(30, 10, 70), v(120, 10, 70), v(200, 10, 70)];
  for (const ruling of rulings) {
    if (ruling.orientation === "horizontal") ink(image, ruling.start * 2, ruling.position * 2 - 1, (ruling.end - ruling.start) * 2, 2);
    else ink(image, ruling.position * 2 - 1, ruling.start * 2, 2, (ruling.end - ruling.start) * 2);
  }
  for (const top of [43, 103]) {
    ink(image, 34, top, 12, 14, 40);
    ink(image, 80, top - 2, 90, 18, 10);
  }
  return { image, rulings };
}

const line = (text: string, x: number, y: number, width: number, height: number, extra: Partial<OcrLine> = {}): OcrLine => ({ text, confidence: 0.95, box: { x, y, width, height }, ...extra });

describe("loneGlyphComposites", () => {
  it("sets a glyph read as nothing, or as a stray mark, beside its right neighbour's text, in one stacked image", () => {
    const { image, rulings } = comparatorTable();
    const lines = [line("V", 30, 40, 20, 20), line("4.6万亩", 76, 37, 98, 24), line("35", 76, 97, 98, 24)];
    const composites = loneGlyphComposites(image, rulings, 2, lines, 20)!;
    expect(composites.glyphs.map((glyph) => [glyph.alone?.text ?? null, glyph.neighbour.text])).toEqual([
      ["V", "4.6万亩"],
      [null, "35"],
    ]);
    const [first, second] = composites.glyphs;
    // Stacked a text height apart, never overlapping.
    expect(second!.box.y).toBeGreaterThanOrEqual(first!.box.y + first!.box.height + 20);
    expect(composites.image.height).toBeGreaterThanOrEqual(second!.box.y + second!.box.height);
    // The glyph first (its ink grey 40), paper, then the neighbour's text (ink 10), nothing of the borders between.
    const row = first!.box.y + 8;
    const values = Array.from(composites.image.data.subarray(row * composites.image.width, row * composites.image.width + first!.box.width));
    const glyphStart = values.indexOf(40);
    const textStart = values.indexOf(10);
    expect(glyphStart).toBeGreaterThan(0);
    expect(textStart).toBeGreaterThan(glyphStart + 12);
    expect(values.slice(glyphStart + 12, textStart).every((value) => value === 255)).toBe(true);
    expect(values.filter((value) => value === 10)).toHaveLength(90);
  });

  it("leaves cells read as a digit, a comparator or a word alone, and glyphs whose neighbour is not one line", () => {
    const { image, rulings } = comparatorTable();
    const read = (first: string, second: string) => [line(first, 30, 40, 20, 20), line("4.6万亩", 76, 37, 98, 24), line(second, 30, 100, 20, 20), line("35", 76, 97, 98, 24)];
    expect(loneGlyphComposites(image, rulings, 2, read("≥", "1"), 20)).toBeNull();
    expect(loneGlyphComposites(image, rulings, 2, read("%", "是"), 20)).toBeNull();
    expect(loneGlyphComposites(image, rulings, 2, read("指标", "4座"), 20)).toBeNull();
    const twoLines = [line("4.6万", 76, 37, 98, 12), line("亩", 76, 50, 98, 12)];
    // The first row's neighbour holds two lines, the second's none.
    expect(loneGlyphComposites(image, rulings, 2, twoLines, 20)).toBeNull();
  });

  it("does not take a word for a lone glyph", () => {
    const { image, rulings } = comparatorTable();
    ink(image, 34, 103, 30, 14, 40);
    const lines = [line("4.6万亩", 76, 37, 98, 24), line("35", 76, 97, 98, 24)];
    expect(loneGlyphComposites(image, rulings, 2, lines, 20)!.glyphs.map((glyph) => glyph.neighbour.text)).toEqual(["4.6万亩"]);
  });

  it("needs the page's text height", () => {
    const { image, rulings } = comparatorTable();
    expect(loneGlyphComposites(image, rulings, 2, [line("4.6万亩", 76, 37, 98, 24)], null)).toBeNull();
  });
});

describe("glyphLineInContext", () => {
  const { image, rulings } = comparatorTable();
  const glyph = loneGlyphComposites(image, rulings, 2, [line("V", 30, 40, 20, 20), line("4.6万亩", 76, 37, 98, 24)], 20)!.glyphs[0]!;
  const reading = (text: string, characters: number[], alternatives: OcrLine["alternatives"] = []) => line(text, glyph.box.x, glyph.box.y, glyph.box.width, glyph.box.height, { characters, alternatives });

  it("takes what the context reading puts before the neighbour's text, with that character's confidence, boxed on the glyph", () => {
    const found = glyphLineInContext(glyph, reading("≥4.6万亩", [0.62, 0.99, 0.99, 0.99, 0.99, 0.99], [{ index: 0, character: ">", probability: 0.3 }, { index: 3, character: "8", probability: 0.01 }]));
    expect(found).toEqual({ text: "≥", confidence: 0.62, characters: [0.62], alternatives: [{ index: 0, character: ">", probability: 0.3 }], box: glyph.cell.box });
  });

  it("takes nothing the reading does not bear out", () => {
    expect(glyphLineInContext(glyph, undefined)).toBeNull();
    // The glyph not read at all, the neighbour read differently, or more in front than one glyph can be.
    expect(glyphLineInContext(glyph, reading("4.6万亩", [0.9, 0.9, 0.9, 0.9, 0.9]))).toBeNull();
    expect(glyphLineInContext(glyph, reading("≥4.8万亩", [0.9, 0.9, 0.9, 0.9, 0.9, 0.9]))).toBeNull();
    expect(glyphLineInContext(glyph, reading("約≥=4.6万亩", [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]))).toBeNull();
  });
});

describe("withGlyphLines", () => {
  it("puts the context reading in place of the reading alone, and keeps the reading alone where the two agree", () => {
    const alone = line("V", 30, 40, 20, 20);
    const same = line("%", 300, 40, 20, 20);
    const other = line("4.6万亩", 76, 37, 98, 24);
    const glyphs = [
      { cell: {} as never, alone, neighbour: other, box: { x: 0, y: 0, width: 1, height: 1 } },
      { cell: {} as never, alone: same, neighbour: other, box: { x: 0, y: 0, width: 1, height: 1 } },
      { cell: {} as never, alone: null, neighbour: other, box: { x: 0, y: 0, width: 1, height: 1 } },
    ];
    const comparator = line("≥", 30, 40, 20, 20, { confidence: 0.6 });
    const lines = withGlyphLines([alone, same, other], glyphs, [comparator, line("%", 300, 40, 20, 20), null]);
    expect(lines.map((each) => each.text)).toEqual(["%", "4.6万亩", "≥"]);
    expect(lines).toContain(same);
  });

  it("says on the neighbour's line that the mark before it stayed unread, where the context reading did not bear it out", () => {
    const value = line("30天", 76, 37, 60, 24);
    const misread = line("V", 30, 90, 20, 20);
    const other = line("62.00万元", 76, 87, 98, 24);
    const glyphs = [
      { cell: {} as never, alone: null, neighbour: value, box: { x: 0, y: 0, width: 1, height: 1 } },
      { cell: {} as never, alone: misread, neighbour: other, box: { x: 0, y: 40, width: 1, height: 1 } },
    ];
    const lines = withGlyphLines([value, misread, other], glyphs, [null, null]);
    expect(lines.map((each) => each.text)).toEqual(["30天", "V", "62.00万元"]);
    expect(lines[0]!.doubts).toEqual(['the mark in the cell before "30天" could not be read: a comparator or sign may be missing']);
    expect(lines[2]!.doubts).toEqual([expect.stringContaining('was read "V"')]);
    expect(value.doubts).toBeUndefined();
  });
});
