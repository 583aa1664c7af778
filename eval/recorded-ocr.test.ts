import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RecognizedPage } from "../pipeline/ocr/recognize-page.js";
import { createRecordedOcr } from "./recorded-ocr.js";

const page = (number: number): RecognizedPage => ({
  number,
  width: 595,
  height: 842,
  items: [{ text: "≥90%", box: { x: 1, y: 2, width: 30, height: 10 }, ocr: { confidence: 0.6, characters: [0.3, 0.99, 0.99, 0.99] } }],
  rulings: [],
  skewDegrees: 0.4,
  confidence: 0.6,
  pixels: "embedded-scan",
  timings: { rasterizeMs: 1, deskewMs: 1, rulingsMs: 1, recognizeMs: 1 },
});

/** A pool that recognizes any page as `page(n)` and notes which it was asked for. */
function fakePool() {
  const asked: number[] = [];
  const createPool = () => ({ recognizePage: async (request: { pageNumber: number }) => (asked.push(request.pageNumber), page(request.pageNumber)), close: async () => {} });
  return { asked, createPool };
}

describe("createRecordedOcr", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("recognizes a page once and serves it from disk afterwards, to a new recorder too", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "recorded-ocr-"));
    dirs.push(dir);
    const { asked, createPool } = fakePool();
    const request = { documentKey: "a".repeat(64), bytes: new Uint8Array(), pageNumber: 2 };
    const first = createRecordedOcr({ dir, engine: "paddle", workers: 1, dpi: 200, createPool });
    expect(await first.recognizePage(request)).toEqual(page(2));
    await first.close();
    const second = createRecordedOcr({ dir, engine: "paddle", workers: 1, dpi: 200, createPool });
    expect(await second.recognizePage(request)).toEqual(page(2));
    expect(await second.recognizePage({ ...request, pageNumber: 3 })).toEqual(page(3));
    expect(asked).toEqual([2, 3]);
  });

  it("keeps recordings of another engine or dpi apart", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "recorded-ocr-"));
    dirs.push(dir);
    const { asked, createPool } = fakePool();
    const request = { documentKey: "b".repeat(64), bytes: new Uint8Array(), pageNumber: 1 };
    await createRecordedOcr({ dir, engine: "paddle", workers: 1, dpi: 200, createPool }).recognizePage(request);
    await createRecordedOcr({ dir, engine: "paddle", workers: 1, dpi: 300, createPool }).recognizePage(request);
    expect(asked).toEqual([1, 1]);
  });
});
