import { describe, expect, it } from "vitest";
import type { Ruling, TextItem } from "../../schemas/layout.js";
import { stripBorderGlyphs } from "./strip-border-glyphs.js";

const border = (position: number): Ruling => ({ orientation: "vertical", position, start: 100, end: 600 });
const item = (text: string, x: number, width: number): TextItem => ({ text, box: { x, y: 530, width, height: 12 } });

describe("stripBorderGlyphs", () => {
  it("drops a | the recognizer read from the border at the start of a box, and starts the box past it", () => {
    // `|标` boxed from 341.5 pt over the border at 343.4 between the goals column and the level-1 column.
    const [stripped] = stripBorderGlyphs([item("|标", 341.5, 16)], [border(343.4)]);
    expect(stripped).toEqual({ text: "标", box: { x: 347.5, y: 530, width: 10, height: 12 } });
  });

  it("drops one at the end of a box that runs onto the next border", () => {
    expect(stripBorderGlyphs([item("指标值|", 500, 40)], [border(539)]).map((kept) => kept.text)).toEqual(["指标值"]);
  });

  it("keeps a | that no border runs through: it is text", () => {
    expect(stripBorderGlyphs([item("|标", 341.5, 16)], [border(420)])).toEqual([item("|标", 341.5, 16)]);
    // A border that ends above the line does not run through it.
    expect(stripBorderGlyphs([item("|标", 341.5, 16)], [{ ...border(343.4), end: 400 }])[0]!.text).toBe("|标");
  });

  it("drops a box that was only the border", () => {
    expect(stripBorderGlyphs([item("|", 342, 4)], [border(343.4)])).toEqual([]);
  });
});
