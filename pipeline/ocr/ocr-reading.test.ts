import { describe, expect, it } from "vitest";
import { editedReading, foldEquivalentAlternatives, joinReadings, lowestConfidence } from "./ocr-reading.js";

describe("lowestConfidence", () => {
  const item = { text: "≥95%", ocr: { confidence: 0.9, characters: [0.55, 0.99, 0.98, 0.97] } };

  it("takes the lowest character of the span asked for", () => {
    expect(lowestConfidence(item)).toBe(0.55);
    expect(lowestConfidence(item, 1, 4)).toBe(0.97);
  });

  it("falls back to the reading's confidence when the characters no longer line up with the text", () => {
    expect(lowestConfidence({ text: "≥95", ocr: item.ocr }, 1, 3)).toBe(0.9);
  });

  it("is null for text from a text layer", () => {
    expect(lowestConfidence({ text: "≥95%" })).toBeNull();
  });
});

describe("joinReadings", () => {
  it("places each part's characters where it landed and counts the joining space as sure", () => {
    const reading = joinReadings("数量 ≥5人", [
      { text: "数量", ocr: { confidence: 0.95, characters: [0.96, 0.94] } },
      { text: "≥5人", ocr: { confidence: 0.8, characters: [0.7, 0.9, 0.8], alternatives: [{ index: 0, character: ">", probability: 0.2 }] } },
    ]);
    expect(reading).toEqual({
      confidence: 0.7,
      characters: [0.96, 0.94, 1, 0.7, 0.9, 0.8],
      alternatives: [{ index: 3, character: ">", probability: 0.2 }],
    });
  });

  it("keeps the text as read and the repairs of a repaired part", () => {
    const reading = joinReadings("合格率\n100%", [
      { text: "合格率", ocr: { confidence: 0.99 } },
      { text: "100%", ocr: { confidence: 0.9, raw: "1o0%", repairs: ["o between digits read as 0"] } },
    ]);
    expect(reading?.raw).toBe("合格率\n1o0%");
    expect(reading?.repairs).toEqual(["o between digits read as 0"]);
    // The repaired part's characters are unknown: each counts at the part's confidence.
    expect(reading?.characters).toEqual([0.99, 0.99, 0.99, 1, 0.9, 0.9, 0.9, 0.9]);
  });

  it("gives nothing when no part was OCR'd", () => {
    expect(joinReadings("a b", [{ text: "a" }, { text: "b" }])).toBeUndefined();
  });
});

describe("editedReading", () => {
  it("moves each character's confidence to what it became", () => {
    const item = { text: "≥１００％", ocr: { confidence: 0.9, characters: [0.6, 0.9, 0.95, 0.97, 0.99] } };
    expect(editedReading(item, "≥100%")?.characters).toEqual([0.6, 0.9, 0.95, 0.97, 0.99]);
  });

  it("keeps a doubt on the characters it belongs to when converter LaTeX is replaced", () => {
    // `S\geq100\%S` as OCR reads `$\geq 100\%$`: the 0 was unsure, the command was read well.
    const text = "S\\geq100\\%S";
    const characters = [...text].map((character, index) => (index === 7 ? 0.5 : 0.98));
    const reading = editedReading({ text, ocr: { confidence: 0.9, characters, alternatives: [{ index: 7, character: "o", probability: 0.4 }] } }, "≥100%");
    expect(reading?.characters).toEqual([0.98, 0.98, 0.98, 0.5, 0.98]);
    expect(reading?.alternatives).toEqual([{ index: 3, character: "o", probability: 0.4 }]);
  });

  it("keeps the per-character confidences of a text that only lost a space", () => {
    const item = { text: "≥5000  小时", ocr: { confidence: 0.9, characters: [0.7, 0.99, 0.99, 0.99, 0.99, 1, 1, 0.8, 0.99] } };
    expect(editedReading(item, "≥5000 小时")?.characters).toEqual([0.7, 0.99, 0.99, 0.99, 0.99, 1, 0.8, 0.99]);
  });
});

describe("foldEquivalentAlternatives", () => {
  it("adds a second choice that normalizes to the chosen character to its probability", () => {
    const item = { text: "4期/年", ocr: { confidence: 0.9, characters: [0.99, 0.98, 0.74, 0.99], alternatives: [{ index: 2, character: "／", probability: 0.24 }] } };
    expect(foldEquivalentAlternatives(item, (text) => text.normalize("NFKC"))).toEqual({ confidence: 0.9, characters: [0.99, 0.98, 0.98, 0.99], alternatives: [{ index: 2, character: "/", probability: 0.24 }] });
  });

  it("keeps a second choice that is another character", () => {
    const item = { text: ">90%", ocr: { confidence: 0.8, characters: [0.3, 0.99, 0.99, 0.99], alternatives: [{ index: 0, character: "≥", probability: 0.27 }] } };
    expect(foldEquivalentAlternatives(item, (text) => text.normalize("NFKC"))).toEqual(item.ocr);
  });
});
