import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { FIXTURE_PDFS, fixturePath, readFixtureBytes } from "../test/helpers.js";
import { readPdfInfo } from "./read-pdf-info.js";

async function infoOf(bytes: Uint8Array) {
  const document = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, verbosity: pdfjs.VerbosityLevel.ERRORS }).promise;
  try {
    return await readPdfInfo(document);
  } finally {
    await document.destroy();
  }
}

/** A one-page PDF whose Info dictionary has a UTF-16 Chinese title, a PDF date with a time zone and a date that is not one. */
function pdfWithInfo(): Uint8Array {
  const text = [
    "%PDF-1.7",
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj",
    "4 0 obj << /Title <FEFF5E737F5753BF> /Author (Finance Bureau) /Creator (Microsoft Word) /Producer (   ) /CreationDate (D:20210315093000+08'00') /ModDate (last spring) >> endobj",
    "trailer << /Root 1 0 R /Info 4 0 R /Size 5 >>",
    "%%EOF",
  ].join("\n");
  return new TextEncoder().encode(text);
}

describe("readPdfInfo", () => {
  it("reads the Info dictionary of an open PDF: title, creator, producer, dates as ISO 8601", async () => {
    expect(await infoOf(readFixtureBytes(FIXTURE_PDFS.grid))).toEqual({
      title: "seed-000-grid (000_60f5ac7a26e34816.txt)",
      author: null,
      subject: null,
      creator: expect.stringContaining("HeadlessChrome"),
      producer: "Skia/PDF m156",
      created: "2024-01-01T00:00:00.000Z",
      modified: "2024-01-01T00:00:00.000Z",
      pdfVersion: "1.4",
    });
  });

  it("decodes a UTF-16 title, converts a dated time zone to UTC, keeps a date that does not parse as written, and drops blank entries", async () => {
    expect(await infoOf(pdfWithInfo())).toMatchObject({
      title: "平罗县",
      author: "Finance Bureau",
      creator: "Microsoft Word",
      producer: null,
      created: "2021-03-15T01:30:00.000Z",
      modified: "last spring",
    });
  });

  it("gives empty fields for a scan whose PDF says nothing about itself", async () => {
    expect(await infoOf(readFixtureBytes(fixturePath("pdf-scanned", "seed-000-grid.pdf")))).toMatchObject({ title: null, author: null, creator: null, created: null });
  });
});
