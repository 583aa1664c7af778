/**
 * OCR cost and quality on this machine, for the same scanned pages, engine beside engine:
 *
 *   npm run bench -- ocr                                   # paddle and tesseract, all fixtures/pdf-scanned/*.pdf
 *   npm run bench -- ocr --engines paddle --workers 1      # one engine, one OCR worker
 *   node build/bench/ocr-bench.js --engines paddle a.pdf   # other scans (CER where fixtures/pdf/ has the original)
 *
 * Each engine runs in a fresh process (bench/ocr-case.ts) that reads the PDFs and OCRs all their pages at
 * once, as a run of many documents does. The figures are that whole process's: CPU seconds (user + system,
 * every thread, tesseract's own processes too) and wall seconds per page, start-up and model loading
 * included, and its peak resident memory. The character error rate compares each page with the text layer
 * of the PDF the scan was made from, both in reading order and normalized the way the pipeline will see
 * them. The machine is shared: for a comparison, run the case itself under a repeating timer and quote
 * medians. Tesseract is skipped, with a note, when it is not installed (scripts/install-system-deps.sh --tesseract).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { CJK_RADICAL_TO_CHARACTER } from "../pipeline/domain/cjk-radicals.js";
import { characterErrorRate, readingOrderText } from "../pipeline/ocr/character-error-rate.js";
import { OcrEngineNameSchema, type OcrEngineName } from "../pipeline/ocr/ocr-engine.js";
import { readPdf } from "../pipeline/read-pdf.js";
import { fixturePath, testContext } from "../test/helpers.js";
import { measureProcess, type ProcessUsage } from "./measure-process.js";
import type { OcrCaseOutput } from "./ocr-case.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    engines: { type: "string", default: OcrEngineNameSchema.options.join(",") },
    workers: { type: "string" },
    dpi: { type: "string" },
  },
});

const engines = values.engines.split(",").map((name) => OcrEngineNameSchema.parse(name));
const files =
  positionals.length > 0
    ? positionals.map((file) => path.resolve(file))
    : readdirSync(fixturePath("pdf-scanned")).filter((file) => file.endsWith(".pdf")).sort().map((file) => fixturePath("pdf-scanned", file));
const forwarded = [...(values.workers ? ["--workers", values.workers] : []), ...(values.dpi ? ["--dpi", values.dpi] : [])];

console.log(`machine: ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? "unknown CPU"}, load average ${os.loadavg().map((load) => load.toFixed(2)).join(" ")}`);
console.log(`pages: every page of ${files.map((file) => path.basename(file)).join(", ")}\n`);
console.log("engine | pages | CPU s/page | wall s/page | peak RSS MiB | CER | CER order-free");
const rows: Array<{ engine: OcrEngineName; usage: ProcessUsage; pages: number; cer: Measured }> = [];
for (const engine of engines) {
  if (engine === "tesseract" && spawnSync("tesseract", ["--version"]).status !== 0) {
    console.log("tesseract | – | – | – | – | – | not installed (scripts/install-system-deps.sh --tesseract)");
    continue;
  }
  const { usage, stdout } = measureProcess("bench/ocr-case.ts", ["--engine", engine, ...forwarded, ...files]);
  const output = JSON.parse(stdout) as OcrCaseOutput;
  const pages = output.documents.reduce((sum, document) => sum + document.pages.length, 0);
  const cer = await errorRate(output);
  rows.push({ engine, usage, pages, cer });
  console.log(
    [engine, pages, (usage.cpuSeconds / pages).toFixed(2), (usage.wallSeconds / pages).toFixed(2), usage.peakRssMiB.toFixed(0), percent(cer.rate, cer.characters), percent(cer.orderFreeRate, cer.characters)].join(" | "),
  );
}
for (const { engine, cer } of rows) {
  for (const document of cer.documents) {
    console.log(
      `  ${engine} ${document.name}: ${document.characters > 0 ? `CER ${percent(document.rate, 1)}, order-free ${percent(document.orderFreeRate, 1)} over ${document.characters} characters` : "CER not measured (no text-layer original in fixtures/pdf/)"}`,
    );
  }
}

function percent(rate: number, characters: number): string {
  return characters > 0 ? `${(rate * 100).toFixed(2)}%` : "–";
}

interface Rates {
  /** Edit distance over the page's text in reading order (lines top to bottom, items left to right). */
  readonly rate: number;
  /** Characters missing or extra, whatever their order (see `orderFreeErrors`). */
  readonly orderFreeRate: number;
  readonly characters: number;
}

interface Measured extends Rates {
  readonly documents: ReadonlyArray<Rates & { readonly name: string }>;
}

/** Error rate of every page against the same page of the text-layer original (fixtures/pdf/, same name). */
async function errorRate(output: OcrCaseOutput): Promise<Measured> {
  const context = testContext();
  let edits = 0;
  let unordered = 0;
  let characters = 0;
  const documents = [];
  for (const document of output.documents) {
    const name = path.basename(document.file);
    const original = fixturePath("pdf", name);
    if (!existsSync(original)) {
      documents.push({ name, rate: 0, orderFreeRate: 0, characters: 0 });
      continue;
    }
    const reference = await readPdf({ path: original, bytes: new Uint8Array(readFileSync(original)) }, context);
    let documentEdits = 0;
    let documentUnordered = 0;
    let documentCharacters = 0;
    document.pages.forEach((page, index) => {
      const expected = comparable(readingOrderText(reference.pages[index]?.items ?? [])).replace(/\s+/g, "");
      const actual = comparable(readingOrderText(page.items)).replace(/\s+/g, "");
      const length = [...expected].length;
      documentEdits += characterErrorRate(expected, actual) * length;
      documentUnordered += orderFreeErrors(expected, actual);
      documentCharacters += length;
    });
    edits += documentEdits;
    unordered += documentUnordered;
    characters += documentCharacters;
    const share = (count: number) => (documentCharacters > 0 ? count / documentCharacters : 0);
    documents.push({ name, rate: share(documentEdits), orderFreeRate: share(documentUnordered), characters: documentCharacters });
  }
  return { rate: characters > 0 ? edits / characters : 0, orderFreeRate: characters > 0 ? unordered / characters : 0, characters, documents };
}

/**
 * Errors that do not depend on reading order: the larger of the reference's characters the OCR lacks and
 * the OCR's characters the reference lacks (a misread character is one of each, counted once). The
 * reading-order rate also counts items that land on another line, which happens whenever a box's height
 * puts its centre between two lines of a neighbouring multi-line cell: a question of geometry, not of
 * reading. The two together tell a misread from a reordering.
 */
function orderFreeErrors(reference: string, hypothesis: string): number {
  const counts = new Map<string, number>();
  for (const character of reference) counts.set(character, (counts.get(character) ?? 0) + 1);
  let extra = 0;
  for (const character of hypothesis) {
    const left = counts.get(character) ?? 0;
    if (left > 0) counts.set(character, left - 1);
    else extra++;
  }
  let missing = 0;
  for (const left of counts.values()) missing += left;
  return Math.max(missing, extra);
}

/**
 * Both sides compared as the pipeline will see them after NFKC and the radical table (the text layer has
 * 门 as the radical ⻔, OCR reads the character), but with LaTeX and Word field codes left in: OCR has to
 * read those too, and how it misreads them is part of the error.
 */
function comparable(text: string): string {
  return [...text.normalize("NFKC")].map((character) => CJK_RADICAL_TO_CHARACTER[character] ?? character).join("");
}
