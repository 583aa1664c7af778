/**
 * Internal: the yardstick of the text-layer benchmark (bench/text-bench.ts). Raw pdf.js text extraction,
 * `getTextContent()` on every page of every PDF in the given folder, one after the other, with the read
 * stage's pdf.js settings and nothing else: what any tool that reads these PDFs with pdf.js must pay.
 * Prints the number of pages and text items.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";

const directory = process.argv[2]!;
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
