import { describe, expect, it } from "vitest";
import { FIXTURE_PDFS, fixturePath, readFixtureBytes, testContext } from "../test/helpers.js";
import { PdfReadError } from "./errors.js";
import { readPdf } from "./read-pdf.js";

describe("readPdf", () => {
  it("reads every page's text items with boxes, the ruling lines, the sha256 and the page count", async () => {
    const document = await readPdf({ path: FIXTURE_PDFS.grid, bytes: readFixtureBytes(FIXTURE_PDFS.grid) }, testContext());
    expect(document.pageCount).toBe(11);
    expect(document.pages).toHaveLength(11);
    expect(document.sha256).toMatch(/^[0-9a-f]{64}$/);
    const first = document.pages[0]!;
    expect(first.source).toBe("text-layer");
    // pdf.js maps Noto CJK glyphs to Kangxi and CJK-radical code points: the real input normalize must fix.
    expect(first.items.map((item) => item.text).join("")).toContain("附件⼆平罗县⼈⺠政府");
    expect(first.rulings.length).toBeGreaterThan(20);
    const title = first.items.find((item) => item.text.includes("附"))!;
    // Top-left origin: the title sits near the top of an A4 page (842 pt high).
    expect(title.box.y).toBeLessThan(100);
  });

  it("leaves the caller's bytes usable after pdf.js has read them", async () => {
    const bytes = readFixtureBytes(FIXTURE_PDFS.grid);
    await readPdf({ path: "a.pdf", bytes }, testContext());
    expect(bytes.byteLength).toBeGreaterThan(0);
    await expect(readPdf({ path: "again.pdf", bytes }, testContext())).resolves.toMatchObject({ pageCount: 11 });
  });

  it.each([
    ["empty.pdf", "pdf_empty", /empty \(0 bytes\)/],
    ["not-a-pdf.pdf", "pdf_not_pdf", /not a PDF/],
    ["truncated.pdf", "pdf_unreadable", /corrupt or truncated|could not|Could not/],
    ["corrupt.pdf", "pdf_unreadable", /corrupt or truncated|Could not/],
    ["encrypted.pdf", "pdf_encrypted", /encrypted with a password/],
    ["zero-pages.pdf", "pdf_", /no pages|corrupt/],
  ])("fails %s with a typed error (%s)", async (file, code, message) => {
    const path = fixturePath("bad", file);
    const attempt = readPdf({ path, bytes: readFixtureBytes(path) }, testContext());
    await expect(attempt).rejects.toBeInstanceOf(PdfReadError);
    const error = (await attempt.catch((caught: unknown) => caught)) as PdfReadError;
    expect(error.code.startsWith(code)).toBe(true);
    expect(error.message).toMatch(message);
    expect(error.stage).toBe("read");
    expect(error.document).toBe(path);
  });

  it("refuses a document with more pages than --max-pages", async () => {
    const context = testContext({ maxPages: 3 });
    await expect(readPdf({ path: "big.pdf", bytes: readFixtureBytes(FIXTURE_PDFS.grid) }, context)).rejects.toMatchObject({
      code: "pdf_too_large",
    });
  });

  it("stops at the page where the operators drawn pass --max-operators, with pdf_too_costly naming it", async () => {
    const context = testContext({ maxOperators: 50 });
    const error = await readPdf({ path: "busy.pdf", bytes: readFixtureBytes(FIXTURE_PDFS.grid) }, context).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "pdf_too_costly", limit: "--max-operators", document: "busy.pdf" });
    expect((error as Error).message).toMatch(/more than --max-operators 50 operators by page 1 of \d+/);
  });
});
