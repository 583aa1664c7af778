import { afterAll, describe, expect, it } from "vitest";
import { fixturePath, readFixtureBytes } from "../../test/helpers.js";
import { ConfigError } from "../errors.js";
import { OcrPool, sharePdfBytes } from "./ocr-pool.js";

const scannedGrid = fixturePath("pdf-scanned", "seed-000-grid.pdf");

describe("OcrPool", () => {
  const pool = new OcrPool({ workers: 1 });
  afterAll(() => pool.close());

  it(
    "reads a scanned page in a worker thread and gives boxes in PDF points, top-left origin",
    async () => {
      const bytes = sharePdfBytes(readFixtureBytes(scannedGrid));
      const controller = new AbortController();
      const first = pool.recognizePage({ documentKey: "grid", bytes, pageNumber: 1 });
      // Queued behind page 1 on the only worker, then cancelled: it must not run or hold page 1 up.
      const second = pool.recognizePage({ documentKey: "grid", bytes, pageNumber: 2 }, controller.signal);
      controller.abort(new Error("run cancelled"));
      await expect(second).rejects.toThrow("run cancelled");

      const page = await first;
      expect(page.number).toBe(1);
      expect(page.width).toBeCloseTo(594.96, 1);
      expect(page.skewDegrees).toBeCloseTo(0.88, 1);
      const label = page.items.find((item) => item.text === "项目名称");
      // The text layer of the original PDF puts 项目名称 at x 53.7, y 182.5 (10 pt type).
      expect(label?.box.x).toBeGreaterThan(50.5);
      expect(label?.box.x).toBeLessThan(56.5);
      expect(label?.box.y).toBeGreaterThan(179.5);
      expect(label?.box.y).toBeLessThan(185.5);
      expect(page.rulings.length).toBeGreaterThan(20);
    },
    180_000,
  );

  it("rejects a page of bytes that are not a PDF, and keeps serving", async () => {
    const garbage = sharePdfBytes(new TextEncoder().encode("%PDF-1.4\nthis is not really a PDF"));
    await expect(pool.recognizePage({ documentKey: "garbage", bytes: garbage, pageNumber: 1 })).rejects.toThrow();
  }, 60_000);

  it("checks its options when created", () => {
    expect(() => new OcrPool({ workers: 0 })).toThrow(ConfigError);
    expect(() => new OcrPool({ workers: 0 })).toThrow("Expected OCR workers to be a whole number from 1 to 64, got `0`");
    expect(() => new OcrPool({ engine: "easyocr" as never })).toThrow("Expected the OCR engine to be one of paddle, paddle-float, tesseract, got `easyocr`");
    expect(() => new OcrPool({ dpi: 20 })).toThrow(ConfigError);
  });

  it("refuses pages after it is closed", async () => {
    const closed = new OcrPool({ workers: 1 });
    await closed.close();
    await expect(closed.recognizePage({ documentKey: "x", bytes: new Uint8Array(), pageNumber: 1 })).rejects.toThrow("The OCR pool is closed");
  });
});
