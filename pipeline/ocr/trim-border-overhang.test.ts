import { describe, expect, it } from "vitest";
import type { Ruling } from "../../schemas/layout.js";
import { blankImage, type GrayImage } from "./gray-image.js";
import { trimBorderOverhang } from "./trim-border-overhang.js";

function ink(image: GrayImage, left: number, top: number, width: number, height: number): void {
  for (let y = top; y < top + height; y++) image.data.fill(0, y * image.width + left, y * image.width + left + width);
}
const border: Ruling = { orientation: "vertical", position: 50, start: 0, end: 100 };
const line = (x: number, width: number) => ({ text: "计划生育家庭特别扶助金", confidence: 0.99, box: { x, y: 40, width, height: 22 } });

function page(): GrayImage {
  const image = blankImage(400, 200);
  ink(image, 99, 0, 2, 200);
  return image;
}

describe("trimBorderOverhang", () => {
  it("cuts a box back to the border it reaches over when there is only paper beyond it", () => {
    const image = page();
    ink(image, 110, 44, 200, 14);
    const [trimmed] = trimBorderOverhang(image, [line(88, 225)], [border], 2, 20);
    expect(trimmed!.box.x).toBeGreaterThan(100);
    expect(trimmed!.box.x + trimmed!.box.width).toBe(313);
  });

  it("leaves a box whose text is on both sides of the border", () => {
    const image = page();
    ink(image, 84, 44, 8, 14);
    ink(image, 110, 44, 200, 14);
    const lines = [line(80, 233)];
    expect(trimBorderOverhang(image, lines, [border], 2, 20)).toEqual(lines);
  });

  it("cuts the right side too, and ignores borders that do not pass the line", () => {
    const image = page();
    ink(image, 20, 44, 70, 14);
    const [trimmed] = trimBorderOverhang(image, [line(16, 94)], [border], 2, 20);
    expect(trimmed!.box.x).toBe(16);
    expect(trimmed!.box.x + trimmed!.box.width).toBeLessThan(99);
    const elsewhere: Ruling = { ...border, start: 60, end: 100 };
    expect(trimBorderOverhang(image, [line(16, 94)], [elsewhere], 2, 20)[0]!.box.width).toBe(94);
  });
});
