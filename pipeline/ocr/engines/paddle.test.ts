import { describe, expect, it } from "vitest";
import { detectionScale, paddleSessionOptions } from "./paddle.js";

// An A4 page scanned at 150 dpi.
const page = { width: 1240, height: 1754 };
const geometry = { pixelsPerPoint: 150 / 72 };

describe("detectionScale", () => {
  it("follows the page's text height: the detector sees lines of the same pixel height", () => {
    const ordinary = detectionScale(page, 19, geometry);
    const larger = detectionScale(page, 21, geometry);
    expect(larger).toBeLessThan(ordinary);
    expect(ordinary * 19).toBeCloseTo(larger * 21, 5);
  });

  it("does not downscale a page of small text: small text is enlarged, up to 200 dpi", () => {
    expect(detectionScale(page, 12, geometry)).toBeCloseTo(200 / 150, 5);
    expect(detectionScale(page, 12, { pixelsPerPoint: 300 / 72 })).toBeCloseTo(200 / 300, 5);
  });

  it("never goes below 150 dpi, however large the measured text", () => {
    expect(detectionScale(page, 65, geometry)).toBeCloseTo(1, 5);
    expect(detectionScale(page, 65, { pixelsPerPoint: 300 / 72 })).toBeCloseTo(0.5, 5);
  });

  it("detects at 200 dpi when no text height could be measured", () => {
    expect(detectionScale(page, null, geometry)).toBeCloseTo(200 / 150, 5);
  });

  it("bounds the detector's input for an outsized page", () => {
    expect(detectionScale({ width: 3000, height: 8000 }, 19, geometry)).toBeCloseTo(4096 / 8000, 5);
  });
});

describe("paddleSessionOptions", () => {
  it("runs the given threads with a pool that sleeps rather than spins between operators", () => {
    const options = paddleSessionOptions(2);
    expect(options).toMatchObject({ intraOpNumThreads: 2, interOpNumThreads: 1, executionMode: "sequential" });
    expect(options.extra).toEqual({ session: { intra_op: { allow_spinning: "0" } } });
  });
});
