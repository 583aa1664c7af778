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
 *   the pipeline loads it (pipeline/io/load-pdfjs.ts). The three run in turn for `--rounds` rounds (default
 *   3) and each ratio is the median of the rounds' ratios, taken round by round, as farm-bench pairs its
 *   runs: on a shared machine one process's CPU-s moves by a fifth from minute to minute, and a ratio of two
 *   single runs moved with it (1.88-2.41x in one afternoon);
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

const { values } = parseArgs({ options: { documents: { type: "string", default: "40" }, rounds: { type: "string", default: "3" } } });
const count = Number(values.documents);
const rounds = Math.max(1, Number(values.rounds));
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
  const runs: Array<{ raw: ProcessUsage; rawEnginePush: ProcessUsage; pipeline: ProcessUsage }> = [];
  let pages = 0;
  for (let round = 0; round < rounds; round++) {
    const raw = measureProcess("bench/raw-text-content.ts", [batch]);
    const rawEnginePush = measureProcess("bench/raw-text-content.ts", [batch, "--engine-push"]);
    pages = (JSON.parse(raw.stdout) as { pages: number }).pages;
    const run = path.join(out, `batch-${round}`);
    const pipeline = measureProcess("bin/ingest.ts", [batch, "--out", run, "--extractor", "rules", "--progress", "none"]);
    rmSync(run, { recursive: true, force: true });
    runs.push({ raw: raw.usage, rawEnginePush: rawEnginePush.usage, pipeline: pipeline.usage });
  }
  const startup = measureProcess("bin/ingest.ts", [fixturePath("bench", "one-page.pdf"), "--out", path.join(out, "one-page"), "--extractor", "rules", "--progress", "none"]);

  console.log(`case | documents | pages | CPU s | wall s | peak RSS MiB${rounds > 1 ? ` (median of ${rounds} rounds)` : ""}`);
  const row = (name: string, documents: number, pageCount: number, usage: ProcessUsage) =>
    console.log([name, documents, pageCount, usage.cpuSeconds.toFixed(2), usage.wallSeconds.toFixed(2), usage.peakRssMiB.toFixed(0)].join(" | "));
  const medianUsage = (pick: (run: (typeof runs)[number]) => ProcessUsage): ProcessUsage => {
    const usages = runs.map(pick);
    return { cpuSeconds: median(usages.map((usage) => usage.cpuSeconds)), childCpuSeconds: median(usages.map((usage) => usage.childCpuSeconds)), wallSeconds: median(usages.map((usage) => usage.wallSeconds)), peakRssMiB: median(usages.map((usage) => usage.peakRssMiB)) };
  };
  row("pdf.js getTextContent", count, pages, medianUsage((run) => run.raw));
  row("pdf.js getTextContent, engine's push", count, pages, medianUsage((run) => run.rawEnginePush));
  row("pipeline (ingest)", count, pages, medianUsage((run) => run.pipeline));
  row("start-up: ingest of one page", 1, 1, startup.usage);
  const ratio = (yardstick: (run: (typeof runs)[number]) => ProcessUsage) => {
    const ratios = runs.map((run) => run.pipeline.cpuSeconds / yardstick(run).cpuSeconds);
    return `${median(ratios).toFixed(2)}× the CPU${ratios.length > 1 ? ` (rounds: ${ratios.map((value) => value.toFixed(2)).join(", ")})` : ""}`;
  };
  console.log(`\npipeline / pdf.js getTextContent: ${ratio((run) => run.raw)}`);
  console.log(`pipeline / pdf.js getTextContent with the engine's push: ${ratio((run) => run.rawEnginePush)}`);
} finally {
  rmSync(batch, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
