import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Row } from "../../schemas/layout.js";
import { fixturePath, readFixtureBytes } from "../../test/helpers.js";
import { compact } from "../domain/cell-text.js";
import { rebuildPage } from "../rebuild-layout.js";
import { createPaddleEngine } from "./engines/paddle.js";
import type { OcrEngine } from "./ocr-engine.js";
import { openPdfForRendering } from "./rasterize-page.js";
import { recognizePage, type RecognizedPage } from "./recognize-page.js";

// One scanned page read end to end (about ten seconds of OCR): page 3 of the scanned grid-scored variant,
// whose 主管部门 | … | 实施单位 | … row is 19.5 pt tall. A fixed 24 pt limit on ruling length dropped that
// row's two inner borders, and its four cells came back as two (issue 13).
const SCAN = fixturePath("variants", "pdf-scanned", "variant-grid-scored-2024.pdf");

describe("a scanned form's short row", () => {
  let engine: OcrEngine;
  let page: RecognizedPage;
  beforeAll(async () => {
    engine = await createPaddleEngine({ threads: 1 });
    const document = await openPdfForRendering(readFixtureBytes(SCAN));
    page = await recognizePage(document, 3, engine, 200);
    await document.destroy();
  }, 180_000);
  afterAll(async () => engine?.close());

  it("keeps the inner borders the text layer draws at 428.6 and 490.1 pt over the 19.5 pt row", () => {
    for (const position of [428.6, 490.1]) {
      const border = page.rulings.find((ruling) => ruling.orientation === "vertical" && Math.abs(ruling.position - position) <= 1.5 && ruling.start < 105 && ruling.end > 114);
      expect(border, `vertical border at ${position}`).toBeDefined();
    }
  });

  it("rebuilds the row as four cells: label, department, 实施单位, unit", () => {
    const rows = rebuildPage({ number: 3, width: page.width, height: page.height, source: "ocr", items: page.items, rulings: page.rulings });
    const row = rows.find((candidate: Row) => compact(candidate.cells[0]?.text ?? "") === "主管部门");
    expect(row?.cells.map((cell) => compact(cell.text))).toEqual(["主管部门", "国家应急物资储备局", "实施单位", "国家应急物资储备局信息中心"]);
  });
});
