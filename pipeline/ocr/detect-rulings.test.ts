import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Ruling } from "../../schemas/layout.js";
import { FIXTURE_PDFS, readFixtureBytes, testContext } from "../../test/helpers.js";
import { readPdf } from "../read-pdf.js";
import { deskew } from "./deskew.js";
import { detectRulings, keepBorders, pageThresholds } from "./detect-rulings.js";
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

  describe("thresholds from the page", () => {
    /** A form at 1 px/pt: a 20 pt project-code row (code | 项目名称 | name) above a 60 pt row, outer borders full height. */
    function shortRowForm(): GrayImage {
      const image = paper(400, 200);
      for (const y of [40, 60, 120]) fill(image, 40, y, 321, 1, 40);
      for (const x of [40, 360]) fill(image, x, 40, 1, 81, 40);
      // The short row's inner borders run only from y 40 to 60: 21 px, under the old fixed 24 pt.
      for (const x of [120, 200]) fill(image, x, 40, 1, 21, 40);
      return image;
    }
    const innerVerticals = (rulings: Ruling[]) => rulings.filter((ruling) => ruling.orientation === "vertical" && ruling.position > 100 && ruling.position < 300);

    it("keeps the inner borders of a row shorter than a fixed limit when they run from border to border", () => {
      // 16 px text lines: a stroke limit of 32 px, so the row's 21 px borders stand only by spanning it.
      const found = innerVerticals(detectRulings(shortRowForm(), { scale: 1, textHeightPixels: 16 }));
      expect(found.map((ruling) => Math.round(ruling.position))).toEqual([121, 201]);
    });

    it("loses them with a fixed 24 pt limit and no text height (the failure of issue 13)", () => {
      expect(innerVerticals(detectRulings(shortRowForm(), { scale: 1 }))).toEqual([]);
    });

    it("drops a stroke-length line inside a cell that ends on no border", () => {
      const image = shortRowForm();
      // A vertical stroke of a character (or a 1) in the tall row: 18 px, touching neither border.
      fill(image, 250, 80, 1, 18, 40);
      const found = detectRulings(image, { scale: 1, textHeightPixels: 16 }).filter((ruling) => ruling.orientation === "vertical" && Math.abs(ruling.position - 250.5) < 2);
      expect(found).toEqual([]);
    });

    it("scales the limits with the page's text height", () => {
      expect(pageThresholds({ scale: 2, textHeightPixels: 20 })).toEqual({ strokeLimit: 40, spanLimit: 16, loneLimit: 120, minRun: 16 });
      expect(pageThresholds({ scale: 2, textHeightPixels: 40 }).strokeLimit).toBe(80);
      // No text known: the fixed defaults (24 pt, 72 pt alone) in pixels.
      expect(pageThresholds({ scale: 2 })).toEqual({ strokeLimit: 48, spanLimit: 48, loneLimit: 144, minRun: 16 });
    });

    it("keeps a short segment only when both its ends sit on borders that outrun a stroke", () => {
      const limits = { strokeLimit: 24, spanLimit: 12, loneLimit: 96 };
      const top = { orientation: "horizontal" as const, position: 40, start: 0, end: 300 };
      const bottom = { orientation: "horizontal" as const, position: 60, start: 0, end: 300 };
      const spanning = { orientation: "vertical" as const, position: 120, start: 40, end: 60 };
      const hanging = { orientation: "vertical" as const, position: 200, start: 40, end: 55 };
      expect(keepBorders([top, bottom, spanning, hanging], limits)).toEqual([top, bottom, spanning]);
      // Two short segments do not vouch for each other.
      const shortTop = { ...top, start: 110, end: 130 };
      expect(keepBorders([shortTop, spanning], limits)).toEqual([]);
    });
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
