import { describe, expect, it } from "vitest";
import type { Ruling } from "../../schemas/layout.js";
import { blankImage, type GrayImage } from "./gray-image.js";
import { gridCells, unreadCells } from "./unread-cells.js";

function ink(image: GrayImage, left: number, top: number, width: number, height: number): void {
  for (let y = top; y < top + height; y++) image.data.fill(0, y * image.width + left, y * image.width + left + width);
}
const h = (position: number, start: number, end: number): Ruling => ({ orientation: "horizontal", position, start, end });
const v = (position: number, start: number, end: number): Ruling => ({ orientation: "vertical", position, start, end });

/** A two-row table, 2 px per point: columns 10–50 and 50–200 pt, rows 10–40 and 40–70 pt, borders drawn. */
function table(): { image: GrayImage; rulings: Ruling[] } {
  const image = blankImage(420, 160);
  const rulings = [h(10, 10, 200), h(40, 10, 200), h(70, 10, 200), v(10, 10, 70), v(50, 10, 70), v(200, 10, 70)];
  for (const ruling of rulings) {
    if (ruling.orientation === "horizontal") ink(image, ruling.start * 2, ruling.position * 2 - 1, (ruling.end - ruling.start) * 2, 2);
    else ink(image, ruling.position * 2 - 1, ruling.start * 2, 2, (ruling.end - ruling.start) * 2);
  }
  return { image, rulings };
}

describe("gridCells", () => {
  it("cuts each band between borders by the borders that cross it; a merged cell stays one", () => {
    expect(gridCells([h(10, 10, 200), h(40, 10, 200), v(10, 10, 40), v(50, 10, 40), v(200, 10, 40)])).toEqual([
      { left: 10, top: 10, right: 50, bottom: 40 },
      { left: 50, top: 10, right: 200, bottom: 40 },
    ]);
    expect(gridCells([h(10, 10, 200), h(40, 10, 200), v(10, 10, 40), v(50, 10, 25), v(200, 10, 40)])).toEqual([{ left: 10, top: 10, right: 200, bottom: 40 }]);
  });
});

describe("unreadCells", () => {
  it("finds a lone thin glyph the detector missed, boxed at least as wide as tall, and leaves read and empty cells alone", () => {
    const { image, rulings } = table();
    // A serial `1` (3 × 14 px) in the first row's first cell; text in the second cell, which was read.
    ink(image, 58, 40, 3, 14);
    ink(image, 120, 40, 200, 14);
    const lines = [{ box: { x: 116, y: 36, width: 210, height: 22 } }];
    const boxes = unreadCells(image, rulings, 2, lines, 20);
    expect(boxes).toHaveLength(1);
    const [box] = boxes;
    expect(box!.x).toBeLessThanOrEqual(58);
    expect(box!.x + box!.width).toBeGreaterThanOrEqual(61);
    expect(box!.width).toBeGreaterThanOrEqual(box!.height);
    expect(box!.y).toBeLessThanOrEqual(40);
    expect(box!.y + box!.height).toBeGreaterThanOrEqual(54);
  });

  it("does not take specks, or what is left of a border, for text", () => {
    const { image, rulings } = table();
    ink(image, 60, 100, 2, 2);
    ink(image, 300, 30, 1, 1);
    // A border line doubled a pixel inside the cell by the scan.
    ink(image, 22, 82, 2, 56);
    expect(unreadCells(image, rulings, 2, [], 20)).toEqual([]);
  });

  it("finds a flat glyph (an `=` in a comparator column), but not a short scratch", () => {
    const { image, rulings } = table();
    // `=`: two strokes 13 px wide, 6 px apart in all, in a 20 px text height (0.3 tall, 0.65 wide).
    ink(image, 54, 42, 13, 2);
    ink(image, 54, 46, 13, 2);
    // A scratch in the second row's first cell, as much ink as a thin glyph but 8 px wide and 3 tall.
    ink(image, 56, 110, 8, 3);
    const boxes = unreadCells(image, rulings, 2, [], 20);
    expect(boxes).toHaveLength(1);
    expect(boxes[0]!.y).toBeLessThan(42);
    expect(boxes[0]!.y + boxes[0]!.height).toBeGreaterThan(48);
  });

  it("keeps a speck beside the glyph out of its box", () => {
    const { image, rulings } = table();
    ink(image, 58, 100, 3, 14);
    ink(image, 52, 97, 2, 2);
    const [box] = unreadCells(image, rulings, 2, [], 20);
    expect(box!.y).toBeGreaterThan(97 - 20 * 0.3 - 1);
    expect(box!.x + box!.width / 2).toBeCloseTo(59.5, 0);
  });
});
