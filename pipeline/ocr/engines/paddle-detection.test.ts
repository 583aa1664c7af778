import { describe, expect, it } from "vitest";
import { detectionBands } from "./paddle-detection.js";

describe("detectionBands", () => {
  it("gives a short page to the detector whole", () => {
    expect(detectionBands(928)).toEqual([{ top: 0, height: 928, keepTop: 0, keepBottom: 928 }]);
  });

  for (const height of [992, 1216, 1888, 2368, 4096]) {
    it(`cuts ${height} rows into overlapping bands on the 32-pixel grid whose kept rows tile the page once`, () => {
      const bands = detectionBands(height);
      expect(bands.length).toBeGreaterThan(1);
      let next = 0;
      for (const [index, band] of bands.entries()) {
        expect(band.top % 32).toBe(0);
        expect(band.height % 32).toBe(0);
        expect(band.height).toBeLessThanOrEqual(960);
        expect(band.keepTop).toBe(next);
        expect(band.keepTop).toBeGreaterThanOrEqual(band.top);
        expect(band.keepBottom).toBeLessThanOrEqual(band.top + band.height);
        // Away from the page's own edges, a kept row is at least two lines (48 rows) from its band's cut edge.
        if (index > 0) expect(band.keepTop - band.top).toBeGreaterThanOrEqual(48);
        if (index < bands.length - 1) expect(band.top + band.height - band.keepBottom).toBeGreaterThanOrEqual(48);
        next = band.keepBottom;
      }
      expect(next).toBe(height);
    });
  }
});
