import { afterAll, describe, expect, it } from "vitest";
import type { PdfDocument } from "../schemas/layout.js";
import { FIXTURE_PDFS, fixturePath, readFixtureBytes, testContext } from "../test/helpers.js";
import { OcrError } from "./errors.js";
import { normalizeDocument } from "./normalize-text.js";
import { characterErrorRate, readingOrderText } from "./ocr/character-error-rate.js";
import { OcrPool } from "./ocr/ocr-pool.js";
import type { RecognizedPage } from "./ocr/recognize-page.js";
import { ocrPages, type OcrPagesContext } from "./ocr-pages.js";
import { readPdf } from "./read-pdf.js";
import { rebuildLayout } from "./rebuild-layout.js";

const scannedGrid = fixturePath("pdf-scanned", "seed-000-grid.pdf");

async function read(file: string, pages?: number[]): Promise<{ document: PdfDocument; bytes: Uint8Array }> {
  const bytes = readFixtureBytes(file);
  const document = await readPdf({ path: file, bytes }, testContext());
  return { document: pages ? { ...document, pages: document.pages.filter((page) => pages.includes(page.number)) } : document, bytes };
}

/** A stand-in pool that records which pages it was asked for and answers with one line each. */
function fakePool(answer: (pageNumber: number) => Promise<RecognizedPage> | RecognizedPage) {
  const requested: number[] = [];
  return {
    requested,
    ocr: {
      engine: "paddle" as const,
      async recognizePage(request: { pageNumber: number }) {
        requested.push(request.pageNumber);
        return answer(request.pageNumber);
      },
    },
  };
}

function recognized(number: number, text: string): RecognizedPage {
  return {
    number,
    width: 595,
    height: 842,
    items: [{ text, box: { x: 60, y: 100, width: 80, height: 12 } }],
    rulings: [],
    skewDegrees: 0,
    pixels: "rendered",
    confidence: 0.99,
    timings: { rasterizeMs: 0, deskewMs: 0, rulingsMs: 0, recognizeMs: 0 },
  };
}

describe("ocrPages", () => {
  const pool = new OcrPool({ workers: 1 });
  afterAll(() => pool.close());

  it(
    "reads a scanned page into text and table cells that match the original's text layer",
    async () => {
      const context = { ...testContext(), ocr: pool };
      const scanned = await read(scannedGrid, [1]);
      const result = await ocrPages(scanned, context);
      const page = result.pages[0]!;
      expect(page.source).toBe("ocr");

      const original = await normalizeDocument((await read(FIXTURE_PDFS.grid, [1])).document, context);
      const ocr = await normalizeDocument(result, context);
      expect(characterErrorRate(readingOrderText(original.pages[0]!.items), readingOrderText(ocr.pages[0]!.items))).toBeLessThan(0.03);

      // Rulings found in the image give the layout stage real cells, as the PDF's vector borders do.
      const rows = (await rebuildLayout(ocr, context)).rows.filter((row) => row.table !== null);
      const cells = (label: string) => rows.find((row) => row.cells[0]?.text === label)?.cells.map((cell) => [cell.column, cell.text]);
      expect(cells("项目名称")).toEqual([
        [0, "项目名称"],
        [1, "政务网络、政府办局域网运行维护费"],
      ]);
      expect(cells("名称")).toEqual([
        [0, "名称"],
        [1, "一级指标"],
        [2, "二级指标"],
        [3, "三级指标"],
        [4, "指标值"],
      ]);
      const originalRows = (await rebuildLayout(original, context)).rows.filter((row) => row.table !== null);
      expect(rows.length).toBe(originalRows.length);
    },
    180_000,
  );

  it("keeps the text-layer pages of a mixed document and reads only the others", async () => {
    const { document, bytes } = await read(FIXTURE_PDFS.grid, [1, 2, 3]);
    const mixed: PdfDocument = {
      ...document,
      pages: document.pages.map((page) =>
        page.number === 2 ? { ...page, items: page.items.map((item) => ({ ...item, text: "\uFFFD".repeat(item.text.length) })) } : page,
      ),
    };
    const { requested, ocr } = fakePool((pageNumber) => recognized(pageNumber, "项目名称"));
    const result = await ocrPages({ document: mixed, bytes }, { ...testContext(), ocr });
    expect(requested).toEqual([2]);
    expect(result.pages[0]).toBe(mixed.pages[0]);
    expect(result.pages[2]).toBe(mixed.pages[2]);
    expect(result.pages[1]).toMatchObject({ number: 2, source: "ocr", rulings: [], items: [{ text: "项目名称" }] });
  });

  it("returns a document with a good text layer as it is, without touching the pool", async () => {
    const { document, bytes } = await read(FIXTURE_PDFS.vertical);
    const { requested, ocr } = fakePool((pageNumber) => recognized(pageNumber, "never"));
    expect(await ocrPages({ document, bytes }, { ...testContext(), ocr })).toBe(document);
    expect(requested).toEqual([]);
  });

  it("fails the document with an OcrError naming the page when a page cannot be read", async () => {
    const scanned = await read(scannedGrid, [1, 2]);
    const failure = new Error("onnxruntime: out of memory");
    const { ocr } = fakePool((pageNumber) => (pageNumber === 2 ? Promise.reject(failure) : recognized(pageNumber, "项目名称")));
    const error = await ocrPages(scanned, { ...testContext(), ocr } satisfies OcrPagesContext).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OcrError);
    expect(error).toMatchObject({ code: "ocr_failed", stage: "ocr", page: 2, document: scannedGrid, cause: failure });
    expect((error as OcrError).message).toBe(`OCR of page 2 of ${scannedGrid} failed (paddle engine): onnxruntime: out of memory`);
  });
});
