/**
 * The text-layer path's cost on this machine, in whole processes (start-up included):
 *
 *   npm run bench -- text                 # 40 documents
 *   node build/bench/text-bench.js --documents 100
 *
 * - the whole pipeline (`ingest`, rules extractor, default formats and concurrency) over N text-layer PDFs,
 *   against raw pdf.js `getTextContent()` over the same pages (bench/raw-text-content.ts), in one run, as a
 *   ratio of CPU seconds: what the pipeline costs beyond reading the text at all. Two yardsticks: pdf.js as
 *   installed (its core-js replaces Array.prototype.push on Node 20) and pdf.js with the engine's push, as
 *   the pipeline loads it (pipeline/io/load-pdfjs.ts);
 * - the start-up of a one-page run (fixtures/bench/one-page.pdf, page 1 of seed-003).
 *
 * The documents are the text-layer fixtures (fixtures/pdf, fixtures/variants/pdf) copied round-robin, each
 * with a different trailing comment, so every one is new to the run.
 */
import { appendFileSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fixturePath } from "../test/helpers.js";
import { measureProcess, type ProcessUsage } from "./measure-process.js";

const { values } = parseArgs({ options: { documents: { type: "string", default: "40" } } });
const count = Number(values.documents);
// Negative fixtures (a self-evaluation form) fail by design; a batch of them would make the run exit 1.
const negatives = new Set(
  (JSON.parse(readFileSync(fixturePath("variants", "negatives.json"), "utf8")) as { fixture: string }[]).map((entry) => path.basename(entry.fixture)),
);
const sources = [fixturePath("pdf"), fixturePath("variants", "pdf")].flatMap((directory) =>
  readdirSync(directory)
    .filter((file) => file.endsWith(".pdf") && !negatives.has(file))
    .sort()
    .map((file) => path.join(directory, file)),
);

const batch = mkdtempSync(path.join(tmpdir(), "bench-text-docs-"));
const out = mkdtempSync(path.join(tmpdir(), "bench-text-run-"));
try {
  for (let index = 0; index < count; index++) {
    const file = path.join(batch, `doc-${String(index).padStart(5, "0")}.pdf`);
    copyFileSync(sources[index % sources.length]!, file);
    appendFileSync(file, `\n% bench copy ${index}\n`);
  }
  console.log(`machine: ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? "unknown CPU"}, load average ${os.loadavg().map((load) => load.toFixed(2)).join(" ")}\n`);
  const raw = measureProcess("bench/raw-text-content.ts", [batch]);
  const rawEnginePush = measureProcess("bench/raw-text-content.ts", [batch, "--engine-push"]);
  const { pages } = JSON.parse(raw.stdout) as { pages: number };
  const pipeline = measureProcess("bin/ingest.ts", [batch, "--out", path.join(out, "batch"), "--extractor", "rules", "--progress", "none"]);
  const startup = measureProcess("bin/ingest.ts", [fixturePath("bench", "one-page.pdf"), "--out", path.join(out, "one-page"), "--extractor", "rules", "--progress", "none"]);

  console.log("case | documents | pages | CPU s | wall s | peak RSS MiB");
  const row = (name: string, documents: number, pageCount: number, usage: ProcessUsage) =>
    console.log([name, documents, pageCount, usage.cpuSeconds.toFixed(2), usage.wallSeconds.toFixed(2), usage.peakRssMiB.toFixed(0)].join(" | "));
  row("pdf.js getTextContent", count, pages, raw.usage);
  row("pdf.js getTextContent, engine's push", count, pages, rawEnginePush.usage);
  row("pipeline (ingest)", count, pages, pipeline.usage);
  row("start-up: ingest of one page", 1, 1, startup.usage);
  console.log(`\npipeline / pdf.js getTextContent: ${(pipeline.usage.cpuSeconds / raw.usage.cpuSeconds).toFixed(2)}× the CPU`);
  console.log(`pipeline / pdf.js getTextContent with the engine's push: ${(pipeline.usage.cpuSeconds / rawEnginePush.usage.cpuSeconds).toFixed(2)}× the CPU`);
} finally {
  rmSync(batch, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}
