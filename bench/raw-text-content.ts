/**
 * Internal: the yardstick of the text-layer benchmark (bench/text-bench.ts). Raw pdf.js text extraction,
 * `getTextContent()` on every page of every PDF in the given folder, one after the other, with the read
 * stage's pdf.js settings and nothing else: what any tool that reads these PDFs with pdf.js must pay.
 * Prints the number of pages and text items.
 *
 * `--engine-push`: pdf.js as the pipeline loads it (pipeline/io/load-pdfjs.ts: the engine's
 * Array.prototype.push given back after core-js replaced it), so the bench can show both yardsticks.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const directory = process.argv[2]!;
const { pdfjs } = process.argv.includes("--engine-push") ? await import("../pipeline/io/load-pdfjs.js") : { pdfjs: await import("pdfjs-dist/legacy/build/pdf.mjs") };
let pages = 0;
let items = 0;
for (const file of readdirSync(directory).filter((name) => name.endsWith(".pdf")).sort()) {
  const document = await pdfjs.getDocument({
    data: new Uint8Array(readFileSync(path.join(directory, file))),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  }).promise;
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    items += (await page.getTextContent()).items.length;
    page.cleanup();
    pages++;
  }
  await document.destroy();
}
process.stdout.write(JSON.stringify({ pages, items }));
