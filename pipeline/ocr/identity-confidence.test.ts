import { describe, expect, it } from "vitest";
import { identityConfidence } from "./identity-confidence.js";

describe("identityConfidence", () => {
  it("counts a character whose second choice had no real chance as sure, however low its own step", () => {
    // `%` at 0.51, `％` folded in at 0.00: the recognizer saw only a percent sign.
    const item = { text: "100%", ocr: { confidence: 0.87, characters: [0.99, 0.99, 0.99, 0.51], alternatives: [{ index: 3, character: "%", probability: 0 }] } };
    expect(identityConfidence(item)).toBe(0.99);
  });

  it("keeps the probability of a character a different one rivalled", () => {
    const item = { text: "≤0.8万元", ocr: { confidence: 0.8, characters: [0.99, 0.62, 0.99, 0.99, 0.99, 0.99], alternatives: [{ index: 1, character: "6", probability: 0.3 }] } };
    expect(identityConfidence(item)).toBe(0.62);
  });

  it("does not count a rival below a tenth of the chosen character", () => {
    const item = { text: "1套", ocr: { confidence: 0.7, characters: [0.99, 0.55], alternatives: [{ index: 1, character: "奎", probability: 0.04 }] } };
    expect(identityConfidence(item)).toBe(0.99);
  });

  it("keeps a character so low the blank could have won, whatever came second", () => {
    const item = { text: "90%", ocr: { confidence: 0.6, characters: [0.35, 0.99, 0.99], alternatives: [{ index: 0, character: "8", probability: 0.01 }] } };
    expect(identityConfidence(item)).toBe(0.35);
  });

  it("looks only at the span asked for", () => {
    const item = { text: "培训5000元/次", ocr: { confidence: 0.5, characters: [0.5, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99], alternatives: [{ index: 0, character: "焙", probability: 0.45 }] } };
    expect(identityConfidence(item, 2)).toBe(0.99);
    expect(identityConfidence(item, 0, 2)).toBe(0.5);
  });

  it("keeps the raw lowest confidence where the reading has no second choices (Tesseract's word confidences)", () => {
    const item = { text: "100%", ocr: { confidence: 0.6, characters: [0.6, 0.6, 0.6, 0.6] } };
    expect(identityConfidence(item)).toBe(0.6);
  });

  it("keeps the probability of a low character with no second choice recorded (written by an edit)", () => {
    const item = { text: "≥95%", ocr: { confidence: 0.7, characters: [0.7, 0.99, 0.99, 0.99], alternatives: [{ index: 3, character: "%", probability: 0.2 }] } };
    expect(identityConfidence(item)).toBe(0.7);
  });

  it("keeps a point's own probability: a speck read as a point changes a number", () => {
    const item = { text: "60.00.", ocr: { confidence: 0.9, characters: [0.99, 0.99, 0.99, 0.99, 0.99, 0.61], alternatives: [{ index: 5, character: "、", probability: 0.0044 }] } };
    expect(identityConfidence(item)).toBe(0.61);
  });

  it("in a text, keeps the probability of a line's last character: what followed may have been dropped", () => {
    const item = { text: "满意度达到100%\n相关材料", ocr: { confidence: 0.9, characters: [0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.88, 1, 0.99, 0.99, 0.99, 0.99], alternatives: [{ index: 8, character: "0", probability: 0.0004 }] } };
    expect(identityConfidence(item, 0, item.text.length, "text")).toBe(0.88);
    expect(identityConfidence(item, 0, item.text.length, "value")).toBe(0.99);
  });

  it("is null for text that was not OCR'd", () => {
    expect(identityConfidence({ text: "100%" })).toBeNull();
  });
});
