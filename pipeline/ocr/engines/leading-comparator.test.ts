import { describe, expect, it } from "vitest";
import { SHAPE_CONFIDENCE } from "../comparator-shape.js";
import { printedLine } from "../test-glyphs.js";
import { withLeadingComparatorChecked } from "./leading-comparator.js";

const reading = (text: string, positions: number[], characters = text.split("").map(() => 0.97)) => ({ text, characters, positions });

describe("withLeadingComparatorChecked", () => {
  it("takes the comparator the first glyph's strokes make where the recognizer read another (≤12.50 read <12.50), doubting it", () => {
    const { image, crop, positions } = printedLine("≤12.50万元");
    const checked = withLeadingComparatorChecked(image, crop, reading("<12.50万元", positions));
    expect(checked.text).toBe("≤12.50万元");
    // What the recognizer read stays with the reading, and what was changed.
    expect(checked).toMatchObject({ raw: "<12.50万元", repairs: [expect.stringContaining('leading "<" read as "≤"')] });
    expect(checked.characters[0]).toBe(SHAPE_CONFIDENCE);
    expect(checked.characters.slice(1)).toEqual(Array(7).fill(0.97));
  });

  it("leaves a reading the strokes agree with, one they do not speak to, and text with no leading comparator", () => {
    for (const [printed, read] of [["≥95%", "≥95%"], ["＝100%", "＝100%"], ["90%", "90%"], ["完成", "完成"]] as const) {
      const { image, crop, positions } = printedLine(printed);
      const line = reading(read, positions);
      expect(withLeadingComparatorChecked(image, crop, line)).toBe(line);
    }
  });
});
