import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PDFDocumentProxy } from "pdfjs-dist/types/src/display/api.js";
import { FIXTURE_PDFS, fixturePath, readFixtureBytes } from "../../test/helpers.js";
import { embeddedScan } from "./embedded-scan.js";
import { openPdfForRendering, pagePixels } from "./rasterize-page.js";

describe("embeddedScan", () => {
  let scanned: PDFDocumentProxy;
  let textLayer: PDFDocumentProxy;
  beforeAll(async () => {
    scanned = await openPdfForRendering(readFixtureBytes(fixturePath("pdf-scanned", "seed-000-grid.pdf")));
    textLayer = await openPdfForRendering(readFixtureBytes(FIXTURE_PDFS.grid));
  });
  afterAll(async () => {
    await scanned.destroy();
    await textLayer.destroy();
  });

  it("takes a scanned page's own image at its native 150 dpi, in grayscale", async () => {
    const page = await scanned.getPage(1);
    const scan = await embeddedScan(page);
    expect(scan).not.toBeNull();
    expect(scan!.image).toMatchObject({ width: 1239, height: 1754 });
    expect(scan!.scale * 72).toBeCloseTo(150, 0);
    // Paper and ink both present: a real page, not an empty buffer.
    const dark = scan!.image.data.filter((value) => value < 100).length;
    expect(dark / scan!.image.data.length).toBeGreaterThan(0.005);
    expect(dark / scan!.image.data.length).toBeLessThan(0.5);
  });

  it("gives null for a page that draws text and borders, which is rendered instead", async () => {
    expect(await embeddedScan(await textLayer.getPage(1))).toBeNull();
    const pixels = await pagePixels(textLayer, 1, 100);
    expect(pixels.source).toBe("rendered");
    expect(pixels.scale).toBeCloseTo(100 / 72);
    const fromScan = await pagePixels(scanned, 2, 200);
    expect(fromScan.source).toBe("embedded-scan");
    expect(fromScan.width).toBeCloseTo(594.96, 1);
  });
});
