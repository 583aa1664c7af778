import { describe, expect, it } from "vitest";
import { comparatorLine, withComparatorsByShape } from "./comparator-cells.js";
import { SHAPE_CONFIDENCE } from "./comparator-shape.js";
import type { OcrLine } from "./ocr-engine.js";
import { fontGlyph, slantedComparator } from "./test-glyphs.js";
import type { InkedCell } from "./unread-cells.js";

/** The glyph's drawing as one table cell of a page, with paper around its ink, and its text height. */
function signCell({ image, ink }: ReturnType<typeof fontGlyph>): { image: typeof image; cell: InkedCell; textHeight: number } {
  const cell = { left: ink.left - 8, top: ink.top - 6, right: ink.right + 8, bottom: ink.bottom + 6 };
  const box = { x: ink.left - 3, y: ink.top - 3, width: ink.right - ink.left + 7, height: ink.bottom - ink.top + 7 };
  return { image, cell: { cell, inner: cell, ink, box }, textHeight: ink.bottom - ink.top + 1 };
}

const read = (text: string, confidence: number, cell: InkedCell): OcrLine => ({ text, confidence, characters: [confidence], box: cell.box });

describe("withComparatorsByShape", () => {
  it("takes the comparator the strokes make where the recognizer read another (⩾ read =), and keeps the doubt", () => {
    const { image, cell, textHeight } = signCell(slantedComparator(true, 16, 1.5, 20));
    const misread = read("=", 0.52, cell);
    const [line] = withComparatorsByShape(image, [misread], [cell], textHeight);
    expect(line).toMatchObject({ text: "≥", box: misread.box, raw: "=", repairs: ['"=" read as "≥" by the glyph\'s strokes'] });
    expect(line!.confidence).toBeLessThanOrEqual(SHAPE_CONFIDENCE);
    expect(line!.characters).toEqual([line!.confidence]);
  });

  it("takes the strokes over a sure reading too, at the shape's confidence: the two disagree, so a reviewer looks", () => {
    const { image, cell, textHeight } = signCell(fontGlyph("≤", "Noto Sans CJK SC", 24));
    const [line] = withComparatorsByShape(image, [read("<", 0.97, cell)], [cell], textHeight);
    expect(line).toMatchObject({ text: "≤", confidence: SHAPE_CONFIDENCE });
  });

  it("checks a mark no lone table glyph is (V, 》), as the recognizer reads a sign, and leaves digits and units read alone", () => {
    const sign = signCell(slantedComparator(false, 14, 1.5, 20));
    expect(withComparatorsByShape(sign.image, [read("V", 0.91, sign.cell)], [sign.cell], sign.textHeight)[0]).toMatchObject({ text: "≤", confidence: SHAPE_CONFIDENCE });
    const percent = signCell(fontGlyph("%", "Noto Sans CJK SC", 24));
    const unit = read("%", 0.6, percent.cell);
    expect(withComparatorsByShape(percent.image, [unit], [percent.cell], percent.textHeight)).toEqual([unit]);
  });

  it("checks a one-glyph line in a sign column with no borders of its own (no cell): its box is where the ink is", () => {
    const { image, cell, textHeight } = signCell(slantedComparator(true, 16, 1.5, 20));
    const [line] = withComparatorsByShape(image, [read("V", 0.58, cell)], [], textHeight);
    expect(line).toMatchObject({ text: "≥", confidence: SHAPE_CONFIDENCE, box: cell.box });
    const digit = signCell(fontGlyph("8", "Noto Sans CJK SC", 24));
    const eight = read("8", 0.99, digit.cell);
    expect(withComparatorsByShape(digit.image, [eight], [], digit.textHeight)).toEqual([eight]);
  });

  it("leaves a reading the strokes agree with (full-width forms included), and cells that are not one sign", () => {
    const equals = signCell(fontGlyph("＝", "Noto Serif CJK SC", 24));
    const agreed = read("＝", 0.9, equals.cell);
    expect(withComparatorsByShape(equals.image, [agreed], [equals.cell], equals.textHeight)).toEqual([agreed]);
    const digit = signCell(fontGlyph("4", "Noto Sans CJK SC", 24));
    const number = read("4", 0.99, digit.cell);
    expect(withComparatorsByShape(digit.image, [number], [digit.cell], digit.textHeight)).toEqual([number]);
  });
});

describe("comparatorLine", () => {
  it("reads an unread sign cell by its strokes, at a confidence that flags the value", () => {
    const { image, cell } = signCell(slantedComparator(false, 18, 2, 20));
    expect(comparatorLine(image, cell)).toEqual({
      text: "≤",
      confidence: SHAPE_CONFIDENCE,
      characters: [SHAPE_CONFIDENCE],
      box: cell.box,
      raw: "",
      repairs: ['an unread glyph read as "≤" by its strokes'],
    });
  });

  it("gives nothing for a glyph that is no comparator", () => {
    const { image, cell } = signCell(fontGlyph("%", "Noto Sans CJK SC", 24));
    expect(comparatorLine(image, cell)).toBeNull();
  });
});
