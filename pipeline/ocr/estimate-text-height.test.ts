import { describe, expect, it } from "vitest";
import { blankImage, type GrayImage } from "./gray-image.js";
import { estimateTextHeight } from "./estimate-text-height.js";

/** Fills a rectangle with ink. */
function ink(image: GrayImage, left: number, top: number, width: number, height: number): void {
  for (let y = top; y < top + height; y++) image.data.fill(0, y * image.width + left, y * image.width + left + width);
}

/** A bordered table of `rows` rows with one "line of text" of `textHeight` px in each of two cells. */
function table(textHeight: number, rows = 10): GrayImage {
  const image = blankImage(600, rows * 50 + 20);
  for (let row = 0; row <= rows; row++) ink(image, 10, 10 + row * 50, 580, 2);
  for (const x of [10, 200, 588]) ink(image, x, 10, 2, rows * 50);
  for (let row = 0; row < rows; row++) {
    ink(image, 30, 10 + row * 50 + 15, 120, textHeight);
    ink(image, 230, 10 + row * 50 + 12, 300, textHeight);
  }
  return image;
}

describe("estimateTextHeight", () => {
  it("measures the lines' ink height, not the borders around them", () => {
    expect(estimateTextHeight(table(20))).toBe(20);
    expect(estimateTextHeight(table(12))).toBe(12);
  });

  it("says nothing for a page with no text", () => {
    const image = blankImage(300, 300);
    ink(image, 10, 10, 280, 2);
    ink(image, 10, 10, 2, 280);
    expect(estimateTextHeight(image)).toBeNull();
  });
});
