/**
 * What pdf-parse could do for the pipeline, against the path it would replace or join, one mode a process
 * so a whole-process timer (`/usr/bin/time -v`, or interleaved runs of two modes) compares them:
 *
 *   node --import tsx bench/pdf-parse-bench.ts MODE [--repeat N] [files…]   (default: every fixture PDF, 5 times)
 *
 * Document metadata (title, author, creator, dates, page count):
 *   pdfjs-info        open with pdf.js and read the Info dictionary (what the read stage now does, minus the pages)
 *   pdf-parse-info    pdf-parse's getInfo
 *   read-pdf          the read stage as the pipeline runs it: every page's text items and rulings, and the info
 *   read-pdf+pdf-parse-info   the read stage, then pdf-parse's getInfo beside it (metadata through pdf-parse)
 * A first probe of the text layer (is there text worth reading, or is the file a scan?):
 *   pdfjs-text        pdf.js getTextContent on every page, nothing else
 *   pdf-parse-text    pdf-parse's getText on every page
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PDFParse } from "pdf-parse";
import * as pdfjs from "pdfjs-dist/legacy/build/pdf.mjs";
import { resolveConfig } from "../pipeline/config.js";
import { silentLogger } from "../pipeline/logger.js";
import { readPdf } from "../pipeline/read-pdf.js";
import { readPdfInfo } from "../pipeline/read-pdf-info.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const [mode, ...rest] = process.argv.slice(2);
const repeatAt = rest.indexOf("--repeat");
const repeat = repeatAt >= 0 ? Number(rest[repeatAt + 1]) : 5;
const named = rest.filter((_, index) => index !== repeatAt && index !== repeatAt + 1);
const files = named.length > 0 ? named : ["fixtures/pdf", "fixtures/variants/pdf", "fixtures/pdf-scanned"].flatMap((folder) => readdirSync(path.join(root, folder)).filter((name) => name.endsWith(".pdf")).map((name) => path.join(root, folder, name)));
const stage = { config: resolveConfig({}, {}, false), logger: silentLogger, signal: new AbortController().signal };

const open = (bytes: Uint8Array) => pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: pdfjs.VerbosityLevel.ERRORS }).promise;

async function pdfParseInfo(bytes: Uint8Array): Promise<unknown> {
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    const info = await parser.getInfo();
    return { pages: info.total, title: info.info?.Title, dates: info.getDateNode() };
  } finally {
    await parser.destroy();
  }
}

const MODES: Record<string, (file: string, bytes: Uint8Array) => Promise<unknown>> = {
  "pdfjs-info": async (_file, bytes) => {
    const document = await open(bytes);
    try {
      return { pages: document.numPages, info: await readPdfInfo(document) };
    } finally {
      await document.destroy();
    }
  },
  "pdf-parse-info": async (_file, bytes) => pdfParseInfo(bytes),
  "read-pdf": async (file, bytes) => (await readPdf({ path: file, bytes }, stage)).info,
  "read-pdf+pdf-parse-info": async (file, bytes) => [(await readPdf({ path: file, bytes }, stage)).pageCount, await pdfParseInfo(bytes)],
  "pdfjs-text": async (_file, bytes) => {
    const document = await open(bytes);
    try {
      let characters = 0;
      for (let number = 1; number <= document.numPages; number++) {
        const page = await document.getPage(number);
        for (const item of (await page.getTextContent()).items) if ("str" in item) characters += item.str.length;
        page.cleanup();
      }
      return characters;
    } finally {
      await document.destroy();
    }
  },
  "pdf-parse-text": async (_file, bytes) => {
    const parser = new PDFParse({ data: bytes.slice() });
    try {
      return (await parser.getText()).text.length;
    } finally {
      await parser.destroy();
    }
  },
};

const run = mode ? MODES[mode] : undefined;
if (!run) {
  process.stderr.write(`Usage: pdf-parse-bench.ts MODE [--repeat N] [files…]; modes: ${Object.keys(MODES).join(", ")}\n`);
  process.exit(2);
}
const inputs = files.map((file) => ({ file, bytes: new Uint8Array(readFileSync(file)) }));
const started = performance.now();
let last: unknown = null;
for (let round = 0; round < repeat; round++) for (const { file, bytes } of inputs) last = await run(file, bytes);
process.stdout.write(`${mode}: ${inputs.length} files × ${repeat} in ${Math.round(performance.now() - started)} ms (last: ${JSON.stringify(last)?.slice(0, 120)})\n`);
