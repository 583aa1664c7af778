import path from "node:path";
import { describe, expect, it } from "vitest";
import type { PdfPage } from "../../schemas/layout.js";
import { FIXTURE_PDFS, readFixtureBytes, testContext } from "../../test/helpers.js";
import { readPdf } from "../read-pdf.js";
import { assessTextLayer } from "./assess-text-layer.js";

function pageWith(...texts: string[]): PdfPage {
  return {
    number: 1,
    width: 595,
    height: 842,
    source: "text-layer",
    items: texts.map((text, index) => ({ text, box: { x: 50, y: 50 + index * 20, width: 200, height: 12 } })),
    rulings: [],
  };
}

describe("assessTextLayer", () => {
  it("sends a page with no text to OCR", () => {
    expect(assessTextLayer(pageWith())).toEqual({ usable: false, reason: "no text layer" });
    expect(assessTextLayer(pageWith("   ", "\n")).usable).toBe(false);
  });

  it("sends a page with only a stray label (a scan's page number) to OCR", () => {
    const assessment = assessTextLayer(pageWith("- 3 -"));
    expect(assessment.usable).toBe(false);
    expect(assessment.reason).toMatch(/only 3 characters/);
  });

  it("keeps a page of ordinary Chinese text", () => {
    const assessment = assessTextLayer(pageWith("项目名称", "政务网络、政府办局域网运行维护费", "年度资金总额: 8.00 万元"));
    expect(assessment.usable).toBe(true);
  });

  it("sends text made of U+FFFD replacement characters to OCR (CID font without ToUnicode)", () => {
    const assessment = assessTextLayer(pageWith("\uFFFD\uFFFD\uFFFD\uFFFD 2021 \uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD", "\uFFFD\uFFFD 8.00"));
    expect(assessment.usable).toBe(false);
    expect(assessment.reason).toMatch(/U\+FFFD, private-use or control characters/);
  });

  it("sends private-use and control characters to OCR", () => {
    expect(assessTextLayer(pageWith("\uE012\uE013\uE0A0\uE0A1\uE0A2\uE0A3\uE0A4\uE0A5 项目")).usable).toBe(false);
    expect(assessTextLayer(pageWith("\u0003\u0011\u0004\u0012\u0005\u0013\u0006\u0014\u0007\u0015")).usable).toBe(false);
  });

  it("sends Latin gibberish to OCR where the documents are Chinese", () => {
    const assessment = assessTextLayer(pageWith("¸÷Ïî¾­·Ñ ÏîÄ¿Ãû³Æ Ö÷¹Ü²¿ÃÅ", "ÄÏÄê¶È×Ê½ð×Ü¶î 8.00"));
    expect(assessment.usable).toBe(false);
    expect(assessment.reason).toMatch(/letters are Chinese/);
  });

  it("keeps a Chinese page that carries a few codes and Latin words", () => {
    expect(assessTextLayer(pageWith("项目编码 130636216T39PTY2WF094", "项目名称 政府大型公务活动项目经费 PDF", "实施单位 平罗县人民政府办公室本级")).usable).toBe(true);
  });

  it("keeps every page of the text-layer fixtures and routes every page of their scans", async () => {
    const context = testContext();
    for (const file of Object.values(FIXTURE_PDFS)) {
      const original = await readPdf({ path: file, bytes: readFixtureBytes(file) }, context);
      expect(original.pages.map((page) => assessTextLayer(page).usable)).toEqual(original.pages.map(() => true));
      const scannedPath = path.join(path.dirname(file), "..", "pdf-scanned", path.basename(file));
      const scanned = await readPdf({ path: scannedPath, bytes: readFixtureBytes(scannedPath) }, context);
      expect(scanned.pages.map((page) => assessTextLayer(page).reason)).toEqual(scanned.pages.map(() => "no text layer"));
    }
  });
});
