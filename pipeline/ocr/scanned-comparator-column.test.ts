import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Row } from "../../schemas/layout.js";
import { fixturePath, readFixtureBytes } from "../../test/helpers.js";
import { compact } from "../domain/cell-text.js";
import { rebuildPage } from "../rebuild-layout.js";
import { createPaddleEngine } from "./engines/paddle.js";
import type { OcrEngine } from "./ocr-engine.js";
import { openPdfForRendering } from "./rasterize-page.js";
import { recognizePage } from "./recognize-page.js";

// One scanned page read end to end: page 1 of the scanned indicator-table-units variant, whose form gives the
// comparator its own column (`符号 | 指标值 | 计量单位`). Each `≥` there is ~11 px of ink alone in its cell; read
// on its own the recognizer made it nothing, `V` or `"`, and the values lost their comparators (issue 13).
const SCAN = fixturePath("variants", "pdf-scanned", "variant-indicator-table-units-2025.pdf");

describe("a scanned form's comparator column", () => {
  let engine: OcrEngine;
  let rows: Row[];
  beforeAll(async () => {
    engine = await createPaddleEngine({ threads: 1 });
    const document = await openPdfForRendering(readFixtureBytes(SCAN));
    const page = await recognizePage(document, 1, engine, 200);
    await document.destroy();
    rows = rebuildPage({ number: 1, width: page.width, height: page.height, source: "ocr", items: page.items, rulings: page.rulings });
  }, 180_000);
  afterAll(async () => engine?.close());

  /** The cell before the one reading `value` exactly, in the row that holds it. */
  function comparatorOf(value: string): { text: string; confidence: number | undefined } | undefined {
    for (const row of rows) {
      const index = row.cells.findIndex((cell) => compact(cell.text) === value);
      if (index > 0) {
        const cell = row.cells[index - 1]!;
        return { text: compact(cell.text), confidence: cell.ocr?.confidence };
      }
    }
    return undefined;
  }

  it("reads the lone comparators beside their values, each with the recognizer's confidence", () => {
    for (const value of ["4.6", "35", "12"]) {
      const comparator = comparatorOf(value);
      expect(comparator?.text, `comparator of ${value}`).toBe("≥");
      expect(comparator?.confidence, `confidence of ${value}'s comparator`).toBeGreaterThan(0);
    }
    // The `≤` of 26 (万元) as well: read as `≤`, or as `<` with its doubt, never as a mark that is no comparator.
    expect(["≤", "<"]).toContain(comparatorOf("26")?.text);
  });
});
