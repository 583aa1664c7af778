import { describe, expect, it } from "vitest";
import { textBoxesFromProbabilityMap } from "./text-boxes.js";

function map(width: number, height: number, regions: Array<{ x: number; y: number; width: number; height: number; probability: number }>): Float32Array {
  const data = new Float32Array(width * height).fill(0.01);
  for (const region of regions) {
    for (let y = region.y; y < region.y + region.height; y++) for (let x = region.x; x < region.x + region.width; x++) data[y * width + x] = region.probability;
  }
  return data;
}

describe("textBoxesFromProbabilityMap", () => {
  it("keeps two cells of one table row as two boxes", () => {
    const boxes = textBoxesFromProbabilityMap(map(200, 40, [{ x: 10, y: 15, width: 60, height: 10, probability: 0.9 }, { x: 110, y: 15, width: 50, height: 10, probability: 0.9 }]), 200, 40);
    expect(boxes).toHaveLength(2);
    expect(boxes[0]!.x).toBeLessThan(10);
    expect(boxes[1]!.x).toBeGreaterThan(70);
  });

  it("grows the shrunk kernel back by area × 1.5 / perimeter", () => {
    const [box] = textBoxesFromProbabilityMap(map(200, 60, [{ x: 50, y: 20, width: 60, height: 10, probability: 0.9 }]), 200, 60);
    const distance = (60 * 10 * 1.5) / (2 * 70);
    expect(box!.x).toBeCloseTo(50 - distance, 6);
    expect(box!.y).toBeCloseTo(20 - distance, 6);
    expect(box!.width).toBeCloseTo(60 + 2 * distance, 6);
    expect(box!.height).toBeCloseTo(10 + 2 * distance, 6);
    expect(box!.score).toBeCloseTo(0.9, 5);
  });

  it("drops faint regions and specks", () => {
    const boxes = textBoxesFromProbabilityMap(
      map(200, 60, [{ x: 50, y: 20, width: 60, height: 10, probability: 0.45 }, { x: 150, y: 20, width: 2, height: 2, probability: 0.95 }]),
      200,
      60,
    );
    expect(boxes).toEqual([]);
  });

  it("joins a region whose left and right arms meet only further down (a U shape) into one box", () => {
    const boxes = textBoxesFromProbabilityMap(
      map(100, 60, [
        { x: 10, y: 10, width: 10, height: 30, probability: 0.9 },
        { x: 50, y: 10, width: 10, height: 30, probability: 0.9 },
        { x: 10, y: 35, width: 50, height: 10, probability: 0.9 },
      ]),
      100,
      60,
      { boxThreshold: 0.3 },
    );
    expect(boxes).toHaveLength(1);
  });
});
