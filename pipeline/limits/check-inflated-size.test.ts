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
    // Under a limit their compressed sizes already prove: the bound, 1032 times the two streams but the image
    // (each with the end of line before `endstream`, which the raw scan counts as data).
    expect(await checkInflatedSize(pdf, 10 * MiB, "a.pdf")).toBe(2 * (megabyte.length + 1) * 1032);
    // Under a limit only the exact count proves: both inflated.
    expect(await checkInflatedSize(pdf, 2 * MiB, "a.pdf")).toBe(2 * MiB);
    await expect(checkInflatedSize(pdf, 1.5 * MiB, "a.pdf")).rejects.toBeInstanceOf(PdfTooCostlyError);
  });

  it("refuses a bomb behind two Flate filters, which one inflation would count as small", async () => {
    const twice = deflateSync(deflateSync(Buffer.alloc(64 * MiB)));
    expect(twice.length).toBeLessThan(1024);
    const pdf = Buffer.concat([
      Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Filter [/FlateDecode /FlateDecode] /Length ${twice.length} >>\nstream\n`),
      twice,
      Buffer.from("\nendstream\nendobj\n"),
    ]);
    await expect(checkInflatedSize(pdf, 4 * MiB, "twice.pdf")).rejects.toBeInstanceOf(PdfTooCostlyError);
  });

  it("inflates the largest streams first and stops once the rest is proven small", async () => {
    // A stream of incompressible bytes (its bound alone is a gigabyte) and many small ones whose bound fits.
    let seed = 1;
    const noise = Buffer.from(Array.from({ length: MiB }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 23));
    const large = deflateSync(noise);
    const small = deflateSync(Buffer.from("BT /F1 12 Tf (x) Tj ET"));
    const stream = (data: Buffer) => Buffer.concat([Buffer.from(`1 0 obj\n<< /Filter /FlateDecode /Length ${data.length} >>\nstream\n`), data, Buffer.from("\nendstream\nendobj\n")]);
    const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), ...Array.from({ length: 25 }, () => stream(small)), stream(large), ...Array.from({ length: 25 }, () => stream(small))]);
    // The large one counted exactly, the small ones by their bound (each with the end of line before `endstream`).
    expect(await checkInflatedSize(pdf, 4 * MiB, "mixed.pdf")).toBe(MiB + 50 * (small.length + 1) * 1032);
    await expect(checkInflatedSize(pdf, MiB / 2, "mixed.pdf")).rejects.toBeInstanceOf(PdfTooCostlyError);
  });

  it("passes the sample disclosures at the default limit", async () => {
    for (const file of Object.values(FIXTURE_PDFS)) {
      const inflated = await checkInflatedSize(readFixtureBytes(file), testContext().config.limits.maxInflatedBytes, file);
      expect(inflated).toBeGreaterThan(0);
    }
  });
});
