import { describe, expect, it } from "vitest";
import { comparatorShape } from "./comparator-shape.js";
import { fontGlyph, slantedComparator } from "./test-glyphs.js";

// Noto CJK is what scripts/install-system-deps.sh installs for the tests (and what most of these forms are set in).
const FONTS = ["Noto Sans CJK SC", "Noto Serif CJK SC"];
// A 10.5 pt character is 22 px at 150 dpi, 29 at 200.
const SIZES = [18, 22, 28, 32];
const shapeOf = ({ image, ink }: ReturnType<typeof fontGlyph>) => comparatorShape(image, ink);

describe("comparatorShape", () => {
  it.each(FONTS)("reads ≥, ≤ and = in %s at every size", (font) => {
    for (const size of SIZES) {
      expect([shapeOf(fontGlyph("≥", font, size)), shapeOf(fontGlyph("≤", font, size)), shapeOf(fontGlyph("=", font, size)), shapeOf(fontGlyph("＝", font, size))]).toEqual(["≥", "≤", "=", "="]);
    }
  });

  it.each(FONTS)("never names the wrong comparator in %s: > is > or unsaid, never ≥", (font) => {
    const expected: Record<string, string> = { ">": ">", "<": "<", "＞": ">", "＜": "<", "≥": "≥", "≤": "≤", "=": "=", "＝": "=" };
    for (const size of [14, ...SIZES]) {
      for (const [character, shape] of Object.entries(expected)) expect([shape, null], `${character} at ${size}px`).toContain(shapeOf(fontGlyph(character, font, size)));
    }
  });

  it.each(FONTS)("takes no digit, unit, character or other sign for a comparator in %s", (font) => {
    const others = [..."0123456789%‰℃天元次正人个件二三十土干√×±≠≈—－《》∠∨V\"'|"];
    for (const size of [14, ...SIZES]) {
      const said = others.map((character) => [character, shapeOf(fontGlyph(character, font, size))]).filter(([, shape]) => shape !== null);
      expect(said, `${font} ${size}px`).toEqual([]);
    }
  });

  it("reads the slanted ⩾ and ⩽ (a bar under the chevron, parallel to its lower arm), with a scanner's grain", () => {
    for (const size of [14, 16, 18, 20, 24]) {
      for (const stroke of [1.5, 2]) {
        expect([slantedComparator(true, size, stroke, 25), slantedComparator(false, size, stroke, 25)].map(shapeOf), `${size}px, ${stroke}px strokes`).toEqual(["≥", "≤"]);
      }
    }
    // Small, or with strokes so heavy the arm and bar blur into one: unsaid, never the wrong sign.
    for (const size of [10, 12, 16]) {
      for (const stroke of [1, 2.5, 3]) {
        expect(["≥", null], `${size}px, ${stroke}px strokes`).toContain(shapeOf(slantedComparator(true, size, stroke, 25)));
        expect(["≤", null], `${size}px, ${stroke}px strokes`).toContain(shapeOf(slantedComparator(false, size, stroke, 25)));
      }
    }
  });

  it("says nothing of blank paper or ink with no contrast", () => {
    const blank = fontGlyph(" ", FONTS[0]!, 24);
    expect(comparatorShape(blank.image, { left: 10, top: 10, right: 30, bottom: 30 })).toBeNull();
  });
});
