import { describe, expect, it } from "vitest";
import type { PdfDocument, Ruling, TextItem } from "../../schemas/layout.js";
import { testContext } from "../../test/helpers.js";
import { normalizeDocument } from "../normalize-text.js";
import { rebuildPage } from "../rebuild-layout.js";

/** An OCR'd item whose characters were all read at `confidence`, except those listed in `unsure`. */
function ocrItem(text: string, x: number, y: number, confidence = 0.99, unsure: Record<number, number> = {}): TextItem {
  const characters = [...text].map((_character, index) => unsure[index] ?? confidence);
  return { text, box: { x, y, width: text.length * 10, height: 10 }, ocr: { confidence: characters.reduce((a, b) => a + b, 0) / characters.length, characters } };
}

const border = (orientation: Ruling["orientation"], position: number, start: number, end: number): Ruling => ({ orientation, position, start, end });

/** One bordered row of three cells (x 40–140–240–340, y 90–120) with the given items. */
function ocrDocument(items: TextItem[]): PdfDocument {
  const rulings = [
    border("horizontal", 90, 40, 340),
    border("horizontal", 120, 40, 340),
    ...[40, 140, 240, 340].map((x) => border("vertical", x, 90, 120)),
  ];
  return { path: "scan.pdf", sha256: "0".repeat(64), pageCount: 1, pages: [{ number: 1, width: 600, height: 800, source: "ocr", rulings, items }] };
}

describe("an OCR reading from the recognizer's lines to the layout's cells", () => {
  it("follows each character through normalization and the joining of touching items", async () => {
    // Full-width digits (NFKC makes them ASCII) read in two touching pieces; the second 0 was unsure.
    const document = ocrDocument([ocrItem("≥１", 150, 100), ocrItem("００％", 170, 100, 0.98, { 1: 0.45 })]);
    const normalized = await normalizeDocument(document, testContext());
    const [item] = normalized.pages[0]!.items;
    expect(item!.text).toBe("≥100%");
    expect(item!.ocr?.characters).toEqual([0.99, 0.99, 0.98, 0.45, 0.98]);
  });

  it("gives each cell the reading of its own lines, joined in reading order", async () => {
    const document = ocrDocument([ocrItem("数量指标", 50, 100), ocrItem("合格率", 150, 95, 0.97), ocrItem("100%", 150, 107, 0.9, { 0: 0.6 }), ocrItem("≥95%", 250, 100)]);
    const [row] = rebuildPage((await normalizeDocument(document, testContext())).pages[0]!);
    const cell = row!.cells[1]!;
    expect(cell.text).toBe("合格率\n100%");
    expect(cell.ocr?.confidence).toBe(0.6);
    expect(cell.ocr?.characters).toEqual([0.97, 0.97, 0.97, 1, 0.6, 0.9, 0.9, 0.9]);
    expect(row!.cells[2]!.ocr?.confidence).toBe(0.99);
  });

  it("leaves text-layer cells without a reading", async () => {
    const plain = ocrDocument([{ text: "≥95%", box: { x: 250, y: 100, width: 40, height: 10 } }]);
    const [row] = rebuildPage((await normalizeDocument({ ...plain, pages: plain.pages.map((page) => ({ ...page, source: "text-layer" as const })) }, testContext())).pages[0]!);
    expect(row!.cells[0]!.ocr).toBeUndefined();
  });
});
