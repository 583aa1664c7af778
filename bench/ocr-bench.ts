/**
 * OCR throughput on this machine: how many scanned pages per minute the OCR stage reads, with how many
 * worker threads, and (with --cer) how well, as the character error rate against the text layer of the
 * PDF each scan was made from.
 *
 *   npx tsx bench/ocr-bench.ts                       # all fixtures/pdf-scanned/*.pdf, workers = cores
 *   npx tsx bench/ocr-bench.ts --workers 1,2 --cer   # compare pool sizes, and report CER
 *   npx tsx bench/ocr-bench.ts --engine tesseract    # needs scripts/install-system-deps.sh --tesseract
 *
 * Every pool is warmed first (one page per worker, untimed: starting a worker loads ~15 MB of models and
 * onnxruntime plans its first shapes), then all pages of all documents are queued at once, as a run of
 * many documents does. CPU seconds include every thread of the process. The load average is printed
 * because other work on the machine slows OCR down in proportion.
 */
import { readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { PdfDocument } from "../schemas/layout.js";
import { CJK_RADICAL_TO_CHARACTER } from "../pipeline/domain/cjk-radicals.js";
import { silentLogger } from "../pipeline/logger.js";
import { characterErrorRate, readingOrderText } from "../pipeline/ocr/character-error-rate.js";
import { OcrEngineNameSchema } from "../pipeline/ocr/ocr-engine.js";
import { OcrPool, sharePdfBytes } from "../pipeline/ocr/ocr-pool.js";
import { ocrPages } from "../pipeline/ocr-pages.js";
import { readPdf } from "../pipeline/read-pdf.js";
import { fixturePath, readFixtureBytes, testContext } from "../test/helpers.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    workers: { type: "string", default: String(os.availableParallelism()) },
    threads: { type: "string" },
    engine: { type: "string", default: "paddle" },
    dpi: { type: "string", default: "200" },
    cer: { type: "boolean", default: false },
  },
});

const engine = OcrEngineNameSchema.parse(values.engine);
const dpi = Number(values.dpi);
const workerCounts = values.workers.split(",").map(Number);
const files = positionals.length > 0 ? positionals : readdirSync(fixturePath("pdf-scanned")).filter((file) => file.endsWith(".pdf")).sort().map((file) => fixturePath("pdf-scanned", file));
const context = { ...testContext(), logger: silentLogger };

interface Input {
  readonly file: string;
  readonly document: PdfDocument;
  readonly bytes: Uint8Array;
}
const inputs: Input[] = [];
for (const file of files) {
  const bytes = readFixtureBytes(file);
  inputs.push({ file, document: await readPdf({ path: file, bytes }, context), bytes });
}
const pageCount = inputs.reduce((sum, input) => sum + input.document.pageCount, 0);

console.log(`OCR bench: ${engine} engine, ${dpi} dpi, ${pageCount} pages in ${inputs.length} documents`);
console.log(`machine: ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? "unknown CPU"}, load average ${os.loadavg().map((load) => load.toFixed(2)).join(" ")}`);

for (const workers of workerCounts) {
  const pool = new OcrPool({ workers, engine, dpi, ...(values.threads ? { threadsPerWorker: Number(values.threads) } : {}) });
  try {
    const first = inputs[0]!;
    const shared = sharePdfBytes(first.bytes);
    await Promise.all(
      Array.from({ length: Math.min(workers, first.document.pageCount) }, (_unused, index) =>
        pool.recognizePage({ documentKey: `warm-${first.document.sha256}`, bytes: shared, pageNumber: index + 1 }),
      ),
    );

    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const results = await Promise.all(
      inputs.map(async (input) => {
        const documentStarted = performance.now();
        const document = await ocrPages({ document: input.document, bytes: input.bytes }, { ...context, ocr: pool });
        return { input, document, seconds: (performance.now() - documentStarted) / 1000 };
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;

    console.log(
      `\n${workers} worker${workers === 1 ? "" : "s"} × ${pool.threadsPerWorker} thread${pool.threadsPerWorker === 1 ? "" : "s"}: ` +
        `${pageCount} pages in ${seconds.toFixed(1)} s = ${((pageCount / seconds) * 60).toFixed(1)} pages/min ` +
        `(${(seconds / pageCount).toFixed(2)} s/page wall, ${(cpuSeconds / pageCount).toFixed(2)} CPU s/page; ` +
        `process peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB)`,
    );
    if (values.cer) {
      for (const { input, document } of results) {
        const original = fixturePath("pdf", path.basename(input.file));
        const reference = await readPdf({ path: original, bytes: readFixtureBytes(original) }, context).catch(() => null);
        if (!reference) {
          console.log(`  ${path.basename(input.file)}: no text-layer original in fixtures/pdf/, CER not measured`);
          continue;
        }
        let edits = 0;
        let characters = 0;
        document.pages.forEach((page, index) => {
          const expected = comparable(readingOrderText(reference.pages[index]?.items ?? [])).replace(/\s+/g, "");
          const rate = characterErrorRate(expected, comparable(readingOrderText(page.items)));
          edits += rate * [...expected].length;
          characters += [...expected].length;
        });
        console.log(`  ${path.basename(input.file)}: CER ${((edits / characters) * 100).toFixed(2)}% over ${characters} characters, ${document.pageCount} pages`);
      }
    }
  } finally {
    await pool.close();
  }
}

/**
 * Both sides compared as the pipeline will see them after NFKC and the radical table (the text layer has
 * 门 as the radical ⻔, OCR reads the character), but with LaTeX and Word field codes left in: OCR has to
 * read those too, and how it misreads them is part of the error.
 */
function comparable(text: string): string {
  return [...text.normalize("NFKC")].map((character) => CJK_RADICAL_TO_CHARACTER[character] ?? character).join("");
}
