import { describe, expect, it } from "vitest";
import type { Ruling } from "../../schemas/layout.js";
import { fitLinesToBorders } from "./fit-lines-to-borders.js";
import { blankImage, type GrayImage } from "./gray-image.js";

function ink(image: GrayImage, left: number, top: number, width: number, height: number): void {
  for (let y = top; y < top + height; y++) image.data.fill(0, y * image.width + left, y * image.width + left + width);
}
// A border at x = 100 px (50 pt at 2 px/pt), from the top of the page to y = 200 px.
const border: Ruling = { orientation: "vertical", position: 50, start: 0, end: 100 };
const line = (x: number, width: number, text = "计划生育家庭特别扶助金", y = 40) => ({ text, confidence: 0.99, box: { x, y, width, height: 22 } });

function page(): GrayImage {
  const image = blankImage(400, 300);
  ink(image, 99, 0, 2, 200);
  return image;
}
const trimmed = (image: GrayImage, lines: ReturnType<typeof line>[], rulings: Ruling[] = [border]) => fitLinesToBorders(image, lines, rulings, 2, 20, { split: false }).lines;

describe("fitLinesToBorders: a box reaching over a border into paper", () => {
  it("is cut back to the border when there is only paper beyond it", () => {
    const image = page();
    ink(image, 110, 44, 200, 14);
    const [cut] = trimmed(image, [line(88, 225)]);
    expect(cut!.box.x).toBeGreaterThan(100);
    expect(cut!.box.x + cut!.box.width).toBe(313);
  });

  it("is cut on the right too, and borders that do not pass the line are ignored", () => {
    const image = page();
    ink(image, 20, 44, 70, 14);
    const [cut] = trimmed(image, [line(16, 94)]);
    expect(cut!.box.x).toBe(16);
    expect(cut!.box.x + cut!.box.width).toBeLessThan(99);
    const elsewhere: Ruling = { ...border, start: 60, end: 100 };
    expect(trimmed(image, [line(16, 94)], [elsewhere])[0]!.box.width).toBe(94);
  });
});

describe("fitLinesToBorders: a box a border runs through, with text on both sides", () => {
  // 实施单位 left of the border, the unit's name right of it.
  function form(): GrayImage {
    const image = page();
    ink(image, 40, 44, 52, 14);
    ink(image, 108, 44, 180, 14);
    return image;
  }
  const joined = line(36, 260, "实施单位国家应急物资储备局信息中心");

  it("is cut into one piece per cell, to be read again", () => {
    const { lines, pieces } = fitLinesToBorders(form(), [joined], [border], 2, 20, { split: true });
    expect(lines).toEqual([]);
    expect(pieces).toHaveLength(2);
    expect(pieces[0]!.x).toBe(36);
    expect(pieces[0]!.x + pieces[0]!.width).toBeLessThan(99);
    expect(pieces[1]!.x).toBeGreaterThan(101);
    expect(pieces[1]!.x + pieces[1]!.width).toBe(296);
  });

  it("stays whole for an engine that cannot read given boxes", () => {
    expect(fitLinesToBorders(form(), [joined], [border], 2, 20, { split: false })).toEqual({ lines: [joined], pieces: [] });
  });

  it("loses the piece the detector also found as a line of its own", () => {
    const alone = line(37, 58, "实施单位", 39);
    const { lines, pieces } = fitLinesToBorders(form(), [joined, alone], [border], 2, 20, { split: true });
    expect(lines).toEqual([alone]);
    expect(pieces).toHaveLength(1);
    expect(pieces[0]!.x).toBeGreaterThan(101);
  });

  it("is first cut back from paper beyond another border, then split", () => {
    const image = form();
    const second: Ruling = { ...border, position: 150 };
    ink(image, 299, 0, 2, 200);
    // A second border at 300 px: the box reaches 20 px past it, where there is only paper (the text ends at 288).
    const { lines, pieces } = fitLinesToBorders(image, [line(36, 284, "实施单位国家应急物资储备局信息中心")], [border, second], 2, 20, { split: true });
    expect(lines).toEqual([]);
    expect(pieces.map((piece) => Math.round(piece.x + piece.width))).toEqual([97, 297]);
  });

  it("leaves lines no border runs through", () => {
    const left = line(36, 60, "实施单位");
    const below = line(36, 260, "说明", 230);
    expect(fitLinesToBorders(form(), [left, below], [border], 2, 20, { split: true })).toEqual({ lines: [left, below], pieces: [] });
  });
});
