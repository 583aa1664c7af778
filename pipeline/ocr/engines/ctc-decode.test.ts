import { describe, expect, it } from "vitest";
import { decodeCtc } from "./ctc-decode.js";

/** One-hot-ish rows: the given class gets `probability`, the rest share what is left. */
function steps(classes: number, path: Array<[number, number]>): Float32Array {
  const data = new Float32Array(path.length * classes);
  path.forEach(([best, probability], step) => {
    for (let index = 0; index < classes; index++) data[step * classes + index] = index === best ? probability : (1 - probability) / (classes - 1);
  });
  return data;
}

describe("decodeCtc", () => {
  const characters = ["项", "目", "8", " "];

  it("collapses repeats and drops blanks", () => {
    const data = steps(5, [[1, 0.9], [1, 0.9], [0, 0.99], [2, 0.8], [0, 0.9], [3, 0.7], [3, 0.7]]);
    const decoded = decodeCtc(data, 0, 7, 5, characters);
    expect(decoded.text).toBe("项目8");
    expect(decoded.confidence).toBeCloseTo((0.9 + 0.8 + 0.7) / 3, 5);
  });

  it("says at which step each character was emitted: the first of its run", () => {
    const data = steps(5, [[0, 0.9], [1, 0.9], [1, 0.9], [0, 0.99], [0, 0.99], [2, 0.8], [0, 0.9], [3, 0.7]]);
    const decoded = decodeCtc(data, 0, 8, 5, characters);
    expect(decoded.text).toBe("项目8");
    expect(decoded.positions).toEqual([1, 5, 7]);
  });

  it("keeps a doubled character when a blank separates the two", () => {
    const data = steps(5, [[3, 0.9], [0, 0.9], [3, 0.9]]);
    expect(decodeCtc(data, 0, 3, 5, characters).text).toBe("88");
  });

  it("reads the sequence at an offset (the second crop of a batch)", () => {
    const first = steps(5, [[1, 0.9], [0, 0.9]]);
    const second = steps(5, [[2, 0.9], [4, 0.6]]);
    const batch = new Float32Array([...first, ...second]);
    expect(decodeCtc(batch, 2 * 5, 2, 5, characters).text).toBe("目 ");
  });

  it("gives an empty text and zero confidence for all blanks", () => {
    expect(decodeCtc(steps(5, [[0, 0.9], [0, 0.9]]), 0, 2, 5, characters)).toEqual({ text: "", confidence: 0, characters: [], positions: [], alternatives: [], leastSureStep: 0.9 });
  });

  it("reports the least sure step, a blank that barely won between two characters included", () => {
    const decoded = decodeCtc(steps(5, [[1, 0.99], [0, 0.52], [2, 0.97]]), 0, 3, 5, characters);
    expect(decoded.characters.every((probability) => probability > 0.9)).toBe(true);
    expect(decoded.leastSureStep).toBeCloseTo(0.52, 4);
  });

  it("keeps each character's probability and, where it was unsure, its runner-up", () => {
    // Step 2 reads "8" at 0.6 with "目" at 0.3 close behind; step 0 is sure of "项".
    const data = new Float32Array([0, 0.995, 0.005, 0, 0, /* blank */ 0.9, 0.05, 0.05, 0, 0, /* unsure */ 0.05, 0, 0.3, 0.6, 0.05]);
    const decoded = decodeCtc(data, 0, 3, 5, characters);
    expect(decoded.text).toBe("项8");
    expect(decoded.characters).toEqual([0.995, 0.6]);
    expect(decoded.alternatives).toEqual([{ index: 1, character: "目", probability: 0.3 }]);
  });

  it("takes a step whose blank is above one half for blank, and one a character beats for that character", () => {
    // Blank 0.52 against "目" 0.48: blank. Blank 0.49 against "8" 0.51: the character, though the blank is near half.
    const data = new Float32Array([/* blank wins */ 0.52, 0, 0.48, 0, 0, /* "8" wins */ 0.49, 0, 0, 0.51, 0]);
    const decoded = decodeCtc(data, 0, 2, 5, characters);
    expect(decoded.text).toBe("8");
    expect(decoded.leastSureStep).toBeCloseTo(0.51, 4);
  });
});
