import { describe, expect, it } from "vitest";
import type { Ruling } from "../../schemas/layout.js";
import { blankImage, type GrayImage } from "./gray-image.js";
import { splitAtBorders } from "./split-at-borders.js";

function ink(image: GrayImage, left: number, top: number, width: number, height: number): void {
  for (let y = top; y < top + height; y++) image.data.fill(0, y * image.width + left, y * image.width + left + width);
}
// A border at x = 100 px (50 pt at 2 px/pt), from the top of the page to y = 200 px.
const border: Ruling = { orientation: "vertical", position: 50, start: 0, end: 100 };
const line = (text: string, x: number, width: number, y = 40) => ({ text, confidence: 0.99, box: { x, y, width, height: 22 } });

function page(): GrayImage {
  const image = blankImage(400, 300);
  ink(image, 99, 0, 2, 200);
  // 实施单位 left of the border, the unit's name right of it.
  ink(image, 40, 44, 52, 14);
  ink(image, 108, 44, 180, 14);
  return image;
}

describe("splitAtBorders", () => {
  it("cuts a line that runs through a border, with text on both sides, into one piece per cell", () => {
    const joined = line("实施单位国家应急物资储备局信息中心", 36, 260);
    const { kept, pieces } = splitAtBorders(page(), [joined], [border], 2, 20);
    expect(kept).toEqual([]);
    expect(pieces).toHaveLength(2);
    expect(pieces[0]!.x).toBe(36);
    expect(pieces[0]!.x + pieces[0]!.width).toBeLessThan(99);
    expect(pieces[1]!.x).toBeGreaterThan(101);
    expect(pieces[1]!.x + pieces[1]!.width).toBe(296);
  });

  it("drops a piece the detector also found as a line of its own", () => {
    const joined = line("实施单位国家应急物资储备局信息中心", 36, 260);
    const alone = line("实施单位", 37, 58, 39);
    const { kept, pieces } = splitAtBorders(page(), [joined, alone], [border], 2, 20);
    expect(kept).toEqual([alone]);
    expect(pieces).toHaveLength(1);
    expect(pieces[0]!.x).toBeGreaterThan(101);
  });

  it("leaves lines a border does not run through, and a line with paper on one side (trimBorderOverhang's case)", () => {
    const image = page();
    const left = line("实施单位", 36, 60);
    const below = line("说明", 36, 260, 230);
    const overhang = line("国家应急物资储备局信息中心", 92, 204);
    expect(splitAtBorders(image, [left, below, overhang], [border], 2, 20)).toEqual({ kept: [left, below, overhang], pieces: [] });
  });
});
