import { describe, expect, it } from "vitest";
import { blankImage } from "./gray-image.js";
import { downscaleGray, resizeGray, upscaleGray } from "./resize-gray.js";

describe("downscaleGray", () => {
  it("averages the pixels each output pixel covers", () => {
    const image = { width: 4, height: 2, data: Uint8Array.from([0, 100, 200, 200, 100, 200, 0, 0]) };
    const half = downscaleGray(image, 0.5);
    expect(half).toMatchObject({ width: 2, height: 1 });
    expect([...half.data]).toEqual([100, 100]);
  });

  it("keeps a one-pixel border that a sampling resize could skip, fainter", () => {
    const image = blankImage(90, 90);
    for (let x = 0; x < 90; x++) image.data[41 * 90 + x] = 0;
    const third = downscaleGray(image, 1 / 3);
    const row = (y: number) => third.data[y * third.width + 15]!;
    expect(third.height).toBe(30);
    expect(row(13)).toBe(170);
    expect(row(12)).toBe(255);
    expect(row(14)).toBe(255);
  });

  it("handles factors that do not divide the size, and 1 as no change", () => {
    const image = blankImage(101, 57);
    const scaled = downscaleGray(image, 0.6);
    expect(scaled).toMatchObject({ width: 61, height: 34 });
    expect(scaled.data.every((value) => value === 255)).toBe(true);
    expect(downscaleGray(image, 1)).toBe(image);
    expect(() => downscaleGray(image, 1.5)).toThrow(RangeError);
  });
});

describe("upscaleGray", () => {
  it("interpolates between pixels and repeats the edges", () => {
    const image = { width: 2, height: 2, data: Uint8Array.from([0, 200, 0, 200]) };
    const doubled = upscaleGray(image, 2);
    expect(doubled).toMatchObject({ width: 4, height: 4 });
    expect([...doubled.data.slice(0, 4)]).toEqual([0, 50, 150, 200]);
    expect(resizeGray(image, 2).data).toEqual(doubled.data);
    expect(resizeGray(image, 0.5)).toMatchObject({ width: 1, height: 1 });
  });
});


describe("resizeGray with a region", () => {
  // A page of varied gray: every pixel differs from its neighbours, so any shift in sampling shows.
  const image = { width: 97, height: 61, data: Uint8Array.from({ length: 97 * 61 }, (_unused, index) => (index * 37 + (index >> 5)) % 256) };

  for (const factor of [1.37, 0.62]) {
    it(`computes the region's pixels exactly as the whole resize does, and paper elsewhere (factor ${factor})`, () => {
      const whole = resizeGray(image, factor);
      const region = { x: 10, y: 7, width: 40, height: 20 };
      const part = resizeGray(image, factor, region);
      expect(part).toMatchObject({ width: whole.width, height: whole.height });
      for (let y = 0; y < whole.height; y++) {
        for (let x = 0; x < whole.width; x++) {
          const inside = x >= 10 && x < 50 && y >= 7 && y < 27;
          expect(part.data[y * whole.width + x]).toBe(inside ? whole.data[y * whole.width + x] : 255);
        }
      }
    });
  }
});
