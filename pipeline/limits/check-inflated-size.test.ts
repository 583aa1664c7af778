import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { bombPdf } from "../../test/bomb-pdf.js";
import { FIXTURE_PDFS, readFixtureBytes, testContext } from "../../test/helpers.js";
import { PdfTooCostlyError } from "../errors.js";
import { readPdf } from "../read-pdf.js";
import { checkInflatedSize } from "./check-inflated-size.js";

const MiB = 1024 * 1024;

describe("the inflated-size pre-check", () => {
  it("refuses a PDF whose content stream inflates past --max-inflated-mb, before pdf.js parses it, naming the limit", async () => {
    const bomb = bombPdf(32 * MiB);
    // The file is tiny: it is the ratio that makes it a bomb.
    expect(bomb.length).toBeLessThan(100 * 1024);
    const context = testContext({ maxInflatedMb: 4 });
    const error = await readPdf({ path: "bomb.pdf", bytes: bomb }, context).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PdfTooCostlyError);
    expect(error).toMatchObject({ code: "pdf_too_costly", limit: "--max-inflated-mb", stage: "read", document: "bomb.pdf" });
    expect((error as Error).message).toMatch(/more than --max-inflated-mb 4 .*raise --max-inflated-mb/);
  });

  it("reads the same kind of document when it stays under the limit", async () => {
    const document = await readPdf({ path: "large.pdf", bytes: bombPdf(2 * MiB) }, testContext({ maxInflatedMb: 4 }));
    expect(document.pages[0]!.items.map((item) => item.text)).toEqual(["bomb"]);
  });

  it("counts every Flate stream but images, and stops counting at the limit", async () => {
    const stream = (dictionary: string, data: Buffer) => Buffer.concat([Buffer.from(`1 0 obj\n<< ${dictionary} /Length ${data.length} >>\nstream\n`), data, Buffer.from("\nendstream\nendobj\n")]);
    const megabyte = deflateSync(Buffer.alloc(MiB));
    const pdf = Buffer.concat([
      Buffer.from("%PDF-1.7\n"),
      stream("/Filter /FlateDecode", megabyte),
      stream("/Type /XObject /Subtype /Image /Width 1024 /Height 1024 /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /FlateDecode", megabyte),
      stream("/Filter [/FlateDecode]", megabyte),
      stream("", Buffer.from("not compressed")),
    ]);
    expect(await checkInflatedSize(pdf, 10 * MiB, "a.pdf")).toBe(2 * MiB);
    await expect(checkInflatedSize(pdf, 1.5 * MiB, "a.pdf")).rejects.toBeInstanceOf(PdfTooCostlyError);
  });

  it("passes the sample disclosures at the default limit", async () => {
    for (const file of Object.values(FIXTURE_PDFS)) {
      const inflated = await checkInflatedSize(readFixtureBytes(file), testContext().config.limits.maxInflatedBytes, file);
      expect(inflated).toBeGreaterThan(0);
    }
  });
});
