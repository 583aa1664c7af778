import { describe, expect, it } from "vitest";
import { deskew, estimateSkew, rotate } from "./deskew.js";
import { fixturePath, readFixtureBytes } from "../../test/helpers.js";
import { blankImage, type GrayImage } from "./gray-image.js";
import { openPdfForRendering, rasterizePage } from "./rasterize-page.js";

/** A page of "text": rows of short dark blocks, the shape CJK lines have at low resolution. */
function textPage(width = 1200, height = 1600): GrayImage {
  const image = blankImage(width, height);
  for (let line = 60; line < height - 60; line += 28) {
    for (let x = 50; x < width - 50; x += 16) {
      for (let y = line; y < line + 12; y++) for (let dx = 0; dx < 12; dx++) image.data[y * width + x + dx] = 30;
    }
  }
  return image;
}

/** Content turned clockwise by `degrees`: the inverse of what deskew does. */
function skewed(image: GrayImage, degrees: number): GrayImage {
  return rotate(image, -degrees);
}

function rowProfileSharpness(image: GrayImage): number {
  let sum = 0;
  for (let y = 0; y < image.height; y++) {
    let ink = 0;
    for (let x = 0; x < image.width; x++) ink += image.data[y * image.width + x]! < 128 ? 1 : 0;
    sum += ink * ink;
  }
  return sum;
}

describe("deskew", () => {
  it.each([1.1, -0.83, 1.45, -0.5])("finds a skew of %s° to within 0.05°", (degrees) => {
    expect(Math.abs(estimateSkew(skewed(textPage(), degrees)) - degrees)).toBeLessThan(0.05);
  });

  it("finds the skew the scanned fixtures were made with", async () => {
    // make-scanned-pdfs.ts turned seed-000's pages by 0.88°, -0.67° and 0.86° (fixtures/scripts/make-scanned-pdfs.ts prints them).
    const document = await openPdfForRendering(readFixtureBytes(fixturePath("pdf-scanned", "seed-000-grid.pdf")));
    const found: number[] = [];
    for (const number of [1, 2, 3]) found.push(estimateSkew((await rasterizePage(document, number, 150)).image));
    await document.destroy();
    for (const [index, degrees] of found.entries()) expect(Math.abs(degrees - [0.88, -0.67, 0.86][index]!)).toBeLessThanOrEqual(0.03);
  });

  it("levels the text lines again", () => {
    const straight = textPage();
    const result = deskew(skewed(straight, 1.2));
    expect(result.angleDegrees).toBeCloseTo(1.2, 1);
    expect(result.image.width).toBe(straight.width);
    expect(rowProfileSharpness(result.image)).toBeGreaterThan(rowProfileSharpness(straight) * 0.8);
    expect(rowProfileSharpness(skewed(straight, 1.2))).toBeLessThan(rowProfileSharpness(straight) * 0.5);
  });

  it("leaves a level page untouched rather than blur it", () => {
    const page = textPage();
    const result = deskew(page);
    expect(result.angleDegrees).toBe(0);
    expect(result.image).toBe(page);
  });

  it("returns 0 for a blank page", () => {
    expect(estimateSkew(blankImage(300, 400))).toBe(0);
  });
});
