/**
 * Internal: one case of the OCR benchmark (bench/ocr-bench.ts starts it in a fresh process). Reads the
 * given scanned PDFs and runs the OCR stage on all their pages at once, as a run of many documents does,
 * then prints every OCR'd page as JSON. What the process cost, models and start-up included, is measured
 * from outside; the error rate is computed by the parent, so it costs this process nothing.
 *
 *   node build/bench/ocr-case.js --engine paddle [--workers N] [--dpi 200] a.pdf b.pdf
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { PdfPage } from "../schemas/layout.js";
import { resolveConfig } from "../pipeline/config.js";
import { silentLogger } from "../pipeline/logger.js";
import { OcrPool } from "../pipeline/ocr/ocr-pool.js";
import { ocrPages } from "../pipeline/ocr-pages.js";
import { readPdf } from "../pipeline/read-pdf.js";

export interface OcrCaseOutput {
  readonly documents: ReadonlyArray<{ readonly file: string; readonly pages: readonly PdfPage[] }>;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { engine: { type: "string", default: "paddle" }, workers: { type: "string" }, dpi: { type: "string" } },
});
const config = resolveConfig({ ocrEngine: values.engine, ocrWorkers: values.workers, ocrDpi: values.dpi, progress: "none" }, {}, false);
const context = { config, logger: silentLogger, signal: new AbortController().signal };
const pool = new OcrPool({ engine: config.ocr.engine, workers: config.ocr.workers, dpi: config.ocr.dpi });
try {
  const documents = await Promise.all(
    positionals.map(async (file) => {
      const bytes = new Uint8Array(readFileSync(file));
      const document = await ocrPages({ document: await readPdf({ path: file, bytes }, context), bytes }, { ...context, ocr: pool });
      return { file, pages: document.pages };
    }),
  );
  const output: OcrCaseOutput = { documents };
  process.stdout.write(JSON.stringify(output));
} finally {
  await pool.close();
}
