import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Ruling } from "../../schemas/layout.js";
import { FIXTURE_PDFS, readFixtureBytes, testContext } from "../../test/helpers.js";
import { readPdf } from "../read-pdf.js";
import { deskew } from "./deskew.js";
import { detectRulings } from "./detect-rulings.js";
import { blankImage, type GrayImage } from "./gray-image.js";
import { openPdfForRendering, rasterizePage } from "./rasterize-page.js";

/** 1 pixel per point keeps the arithmetic readable; paper at 230 with ±6 grain, like the scans. */
function paper(width: number, height: number): GrayImage {
  const image = blankImage(width, height);
  let seed = 7;
  for (let index = 0; index < image.data.length; index++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    image.data[index] = 230 + ((seed >> 16) % 13) - 6;
  }
  return image;
}

function fill(image: GrayImage, left: number, top: number, width: number, height: number, value: number): void {
  for (let y = top; y < top + height; y++) for (let x = left; x < left + width; x++) image.data[y * image.width + x] = value;
}

function near(rulings: Ruling[], orientation: Ruling["orientation"], position: number): Ruling | undefined {
  return rulings.find((ruling) => ruling.orientation === orientation && Math.abs(ruling.position - position) <= 1);
}

describe("detectRulings", () => {
  it("finds the borders of a table drawn on a noisy page, in points", () => {
    const image = paper(400, 300);
    for (const y of [50, 100, 150]) fill(image, 40, y, 321, 1, 40);
    for (const x of [40, 160, 360]) fill(image, x, 50, 1, 101, 40);
    // Cell text: short blocks of strokes, which must not come out as rulings.
    for (let x = 60; x < 140; x += 14) fill(image, x, 70, 11, 12, 30);
    const rulings = detectRulings(image, { scale: 1 });
    expect(rulings).toHaveLength(6);
    expect(near(rulings, "horizontal", 50.5)).toMatchObject({ start: 40, end: 361 });
    expect(near(rulings, "vertical", 160.5)).toMatchObject({ start: 50, end: 151 });
  });

  it("keeps a faint, thin border that a single-pixel threshold loses", () => {
    const image = paper(400, 300);
    fill(image, 40, 50, 321, 1, 40);
    fill(image, 40, 250, 321, 1, 40);
    // Half-covered pixels on two columns, as a rotated and resampled 0.5 pt line looks.
    for (let y = 50; y < 251; y++) {
      const phase = (y % 40) / 40;
      image.data[y * 400 + 200] = Math.round(230 - 150 * (1 - phase));
      image.data[y * 400 + 201] = Math.round(230 - 150 * phase);
    }
    const vertical = detectRulings(image, { scale: 1 }).filter((ruling) => ruling.orientation === "vertical");
    expect(vertical).toHaveLength(1);
    expect(vertical[0]!.end - vertical[0]!.start).toBeGreaterThan(190);
  });

  it("drops a short line that meets no border across it (the foot of a bold 2021)", () => {
    const image = paper(400, 300);
    fill(image, 100, 80, 40, 2, 30);
    expect(detectRulings(image, { scale: 1 })).toEqual([]);
  });

  it("puts the borders of a scanned fixture page where the original PDF drew them", async () => {
    const original = FIXTURE_PDFS.grid;
    const scanned = path.join(path.dirname(original), "..", "pdf-scanned", path.basename(original));
    const vector = (await readPdf({ path: original, bytes: readFixtureBytes(original) }, testContext())).pages[0]!.rulings;
    const document = await openPdfForRendering(readFixtureBytes(scanned));
    const raster = await rasterizePage(document, 1, 200);
    const found = detectRulings(deskew(raster.image).image, { scale: raster.scale });
    await document.destroy();

    const distinct = (rulings: Ruling[], orientation: Ruling["orientation"]) =>
      [...new Set(rulings.filter((ruling) => ruling.orientation === orientation).map((ruling) => Math.round(ruling.position)))].sort((a, b) => a - b);
    const vectorHorizontals = distinct(vector, "horizontal").filter((position, index, all) => index === 0 || position - all[index - 1]! > 2);
    // Every table row border of the original is found within 1.5 pt (the layout stage's snapping distance).
    for (const position of vectorHorizontals) {
      expect(found.some((ruling) => ruling.orientation === "horizontal" && Math.abs(ruling.position - position) <= 1.5), `horizontal at ${position}`).toBe(true);
    }
    const vectorVerticals = distinct(vector, "vertical").filter((position, index, all) => index === 0 || position - all[index - 1]! > 2);
    for (const position of vectorVerticals) {
      expect(found.some((ruling) => ruling.orientation === "vertical" && Math.abs(ruling.position - position) <= 1.5), `vertical at ${position}`).toBe(true);
    }
  });
});
