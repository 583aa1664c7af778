import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixturePath, readFixtureBytes } from "../../test/helpers.js";
import { pagePixels } from "../ocr/rasterize-page.js";
import { pdfjs } from "./load-pdfjs.js";
import { sameThreadPdfWorker } from "./same-thread-pdf-worker.js";

const options = { isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 } as const;

/** Opened with pdf.js's own same-thread worker (its LoopbackPort and structuredClone), or with ours. */
function open(file: string, worker: "pdfjs" | "ours", extra: Record<string, unknown> = {}) {
  return pdfjs.getDocument({ ...options, ...extra, data: readFixtureBytes(file), ...(worker === "ours" ? { worker: sameThreadPdfWorker() } : {}) }).promise;
}

async function everyPage(file: string, worker: "pdfjs" | "ours") {
  const document = await open(file, worker, { maxImageSize: 0 });
  try {
    const pages = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const [text, operators] = await Promise.all([page.getTextContent(), page.getOperatorList()]);
      pages.push({ text, fnArray: operators.fnArray, argsArray: operators.argsArray });
      page.cleanup();
    }
    // Font ids name the worker's document number (g_d0_f1), which counts per worker.
    return JSON.stringify(pages).replace(/g_d\d+_/g, "g_d_");
  } finally {
    await document.destroy();
  }
}

/** Every text-layer fixture: the lean copy of streamed chunks (see streamedPageContent) must hold on all of them. */
const TEXT_FIXTURES = ["pdf", "variants/pdf"].flatMap((folder) =>
  readdirSync(fixturePath(...folder.split("/")))
    .filter((name) => name.endsWith(".pdf"))
    .map((name) => [folder, name] as const),
);

describe("sameThreadPdfWorker", () => {
  it.each(TEXT_FIXTURES)(
    "reads %s/%s as pdf.js's own worker does: the same text items and operator lists on every page",
    async (folder, name) => {
      const file = fixturePath(...folder.split("/"), name);
      expect(await everyPage(file, "ours")).toEqual(await everyPage(file, "pdfjs"));
    },
  );

  it("hands a scan's image over as pdf.js's own worker does (a transferred buffer)", async () => {
    const file = fixturePath("pdf-scanned", "seed-003-vertical.pdf");
    const [ours, theirs] = await Promise.all([open(file, "ours"), open(file, "pdfjs")]);
    try {
      const [a, b] = await Promise.all([pagePixels(ours, 2, 150), pagePixels(theirs, 2, 150)]);
      expect(a.source).toBe("embedded-scan");
      expect({ ...a.image, data: Buffer.from(a.image.data).toString("base64") }).toEqual({ ...b.image, data: Buffer.from(b.image.data).toString("base64") });
    } finally {
      await Promise.all([ours.destroy(), theirs.destroy()]);
    }
  });

  it("renders a text page as pdf.js's own worker does: its fonts handed over, not copied", async () => {
    const file = fixturePath("variants", "pdf", "variant-indicator-table-merged-2024.pdf");
    const [ours, theirs] = await Promise.all([open(file, "ours"), open(file, "pdfjs")]);
    try {
      const [a, b] = await Promise.all([pagePixels(ours, 1, 100), pagePixels(theirs, 1, 100)]);
      expect(a.source).toBe("rendered");
      expect(Buffer.from(a.image.data).equals(Buffer.from(b.image.data))).toBe(true);
      expect(a.image.data.some((value) => value < 100)).toBe(true);
    } finally {
      await Promise.all([ours.destroy(), theirs.destroy()]);
    }
  });

  it("serves documents side by side, and one destroyed leaves the other readable", async () => {
    const [first, second] = await Promise.all([open(fixturePath("pdf", "seed-002-row-list.pdf"), "ours"), open(fixturePath("pdf", "seed-003-vertical.pdf"), "ours")]);
    await first.destroy();
    const page = await second.getPage(1);
    expect((await page.getTextContent()).items.length).toBeGreaterThan(10);
    await second.destroy();
    expect(sameThreadPdfWorker().destroyed).toBe(false);
  });

  it("passes pdf.js's own errors through, by name", async () => {
    const broken = pdfjs.getDocument({ ...options, data: new TextEncoder().encode("%PDF-1.7\nnot really"), worker: sameThreadPdfWorker() });
    await expect(broken.promise).rejects.toMatchObject({ name: "InvalidPDFException" });
  });
});
