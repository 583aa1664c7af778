import { describe, expect, it } from "vitest";
import { trimDecoded } from "./paddle-recognition.js";

describe("trimDecoded", () => {
  it("cuts the per-character probabilities and second choices with the outer spaces", () => {
    const trimmed = trimDecoded({
      text: " ≥95% ",
      confidence: 0.9,
      characters: [0.7, 0.8, 0.99, 0.97, 1, 0.6],
      alternatives: [
        { index: 1, character: ">", probability: 0.15 },
        { index: 5, character: "。", probability: 0.3 },
      ],
    });
    expect(trimmed).toEqual({ text: "≥95%", characters: [0.8, 0.99, 0.97, 1], alternatives: [{ index: 0, character: ">", probability: 0.15 }] });
  });
});
