import { describe, expect, it } from "vitest";
import { readingOfLine } from "./recognize-page.js";

describe("readingOfLine", () => {
  const box = { x: 0, y: 0, width: 20, height: 20 };

  it("carries what the recognizer read, and what a stroke check changed, to the text item's reading", () => {
    const line = { text: "≥", confidence: 0.5, characters: [0.5], box, raw: "=", repairs: ['"=" read as "≥" by the glyph\'s strokes'] };
    expect(readingOfLine(line)).toEqual({ confidence: 0.5, characters: [0.5], raw: "=", repairs: ['"=" read as "≥" by the glyph\'s strokes'] });
  });

  it("says nothing of raw text for a line nothing changed", () => {
    expect(readingOfLine({ text: "≥95%", confidence: 0.97, characters: [0.9, 1, 1, 1], box })).toEqual({ confidence: 0.97, characters: [0.9, 1, 1, 1] });
  });
});
