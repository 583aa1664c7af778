import { describe, expect, it } from "vitest";
import type { Cell } from "../../schemas/layout.js";
import { evidenceOfCell, spanOf } from "./evidence-of-cell.js";

const box = { x: 0, y: 0, width: 100, height: 20 };

describe("evidenceOfCell", () => {
  it("gives a value in a list cell the confidence of its own characters, not the cell's weakest", () => {
    // "1.培训≥3批\n2.推广≥4次": the 4 of the second item was read at 0.42.
    const text = "1.培训≥3批\n2.推广≥4次";
    const characters = [...text].map((character) => (character === "4" ? 0.42 : 0.99));
    const cell: Cell = { text, page: 2, box, column: 0, columnSpan: 1, rowSpan: 1, ocr: { confidence: 0.42, characters } };
    expect(evidenceOfCell(cell, "≥3批").ocrConfidence).toBe(0.99);
    expect(evidenceOfCell(cell, "≥4次").ocrConfidence).toBe(0.42);
  });

  it("keeps what OCR read before a repair, and the repair", () => {
    const cell: Cell = { text: "100%", page: 1, box, column: 3, columnSpan: 1, rowSpan: 1, ocr: { confidence: 0.97, raw: "1o0%", repairs: ["`o` between digits read as 0"] } };
    expect(evidenceOfCell(cell, "100%")).toEqual({ page: 1, text: "100%", box, ocrConfidence: 0.97, ocrRaw: "1o0%", ocrRepairs: ["`o` between digits read as 0"] });
  });

  it("says how sure OCR was of which characters the value is, where that differs from its lowest confidence", () => {
    const cell: Cell = { text: "100%", page: 1, box, column: 3, columnSpan: 1, rowSpan: 1, ocr: { confidence: 0.87, characters: [0.99, 0.99, 0.99, 0.51], alternatives: [{ index: 3, character: "%", probability: 0 }] } };
    expect(evidenceOfCell(cell, "100%")).toMatchObject({ ocrConfidence: 0.51, ocrIdentityConfidence: 0.99 });
    expect(evidenceOfCell(cell, "100%", "text")).not.toHaveProperty("ocrIdentityConfidence");
  });

  it("adds nothing for a text-layer cell", () => {
    const cell: Cell = { text: "≥95%", page: 1, box, column: 3, columnSpan: 1, rowSpan: 1 };
    expect(evidenceOfCell(cell, "≥95%")).toEqual({ page: 1, text: "≥95%", box });
  });
});

describe("spanOf", () => {
  it("finds a value across the cell's line breaks and spaces", () => {
    expect(spanOf("合格率 ≥9\n5%", "≥95%")).toEqual({ start: 4, end: 9 });
    expect(spanOf("合格率", "≥95%")).toBeNull();
  });
});
