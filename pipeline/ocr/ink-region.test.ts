import { describe, expect, it } from "vitest";
import { blankImage, type GrayImage } from "./gray-image.js";
import { inkRegion } from "./ink-region.js";

function ink(image: GrayImage, left: number, top: number, width: number, height: number, level = 0): void {
  for (let y = top; y < top + height; y++) image.data.fill(level, y * image.width + left, y * image.width + left + width);
}

/** An A4-sized 150 dpi page with a table of text lines 20 px tall in its upper part. */
function page(): GrayImage {
  const image = blankImage(1240, 1754);
  ink(image, 100, 150, 1000, 2);
  ink(image, 100, 750, 1000, 2);
  ink(image, 100, 150, 2, 600);
  ink(image, 1098, 150, 2, 600);
  for (let line = 0; line < 10; line++) for (let word = 0; word < 5; word++) ink(image, 130 + word * 190, 180 + line * 55, 120, 20);
  return image;
}

describe("inkRegion", () => {
  it("is the written part of the page with a margin of two text heights", () => {
    const region = inkRegion(page(), 20)!;
    expect(region.x).toBeLessThanOrEqual(100 - 40);
    expect(region.x).toBeGreaterThanOrEqual(100 - 40 - 10);
    expect(region.y).toBeLessThanOrEqual(150 - 40);
    expect(region.x + region.width).toBeGreaterThanOrEqual(1100 + 40);
    expect(region.y + region.height).toBeGreaterThanOrEqual(752 + 40);
    expect(region.y + region.height).toBeLessThan(752 + 40 + 20);
  });

  it("does not let scanner specks and dust stretch the region, but keeps faint print", () => {
    const image = page();
    for (let speck = 0; speck < 400; speck++) ink(image, (speck * 7919) % 1238, 800 + ((speck * 104729) % 950), 2, 2);
    ink(image, 600, 1600, 80, 18, 150);
    const region = inkRegion(image, 20)!;
    expect(region.y + region.height).toBeGreaterThanOrEqual(1618 + 36);
    expect(region.x).toBeGreaterThan(40);
    const clean = inkRegion(page(), 20)!;
    image.data.fill(255, 1590 * image.width, 1640 * image.width);
    expect(inkRegion(image, 20)).toEqual(clean);
  });

  it("gives the whole page (null) when nothing is written or the writing fills it", () => {
    expect(inkRegion(blankImage(800, 1000), 20)).toBeNull();
    const full = blankImage(800, 1000);
    for (let line = 0; line < 30; line++) ink(full, 20, 20 + line * 32, 760, 18);
    expect(inkRegion(full, 20)).toBeNull();
  });

  it("sizes its blocks from the page: a page of small text is measured in small blocks", () => {
    const image = blankImage(1000, 1000);
    for (let line = 0; line < 3; line++) ink(image, 300, 300 + line * 20, 200, 8);
    const region = inkRegion(image, 8)!;
    expect(region.x).toBeGreaterThanOrEqual(300 - 16 - 4);
    expect(region.y + region.height).toBeLessThanOrEqual(348 + 16 + 4);
  });
});

