/**
 * Throughput and memory of the whole pipeline on N generated disclosures, in-process:
 *
 *   npm run bench -- pipeline --documents 100,2000                         # both extractors
 *   npm run bench -- pipeline --documents 500 --extractor llm --rpm 600 --latency-ms 300
 *
 * Documents are the three fixture PDFs, copied round-robin with a different trailing comment each: new
 * bytes (new hashes, new records) with the fixtures' layouts. Their text is the same, so the LLM run uses
 * no response cache. The fake model (msw) answers as the gold oracle after latency ± 1/3 jitter, under
 * the --rpm cap. Memory is sampled every 200 ms; peak RSS is what matters for thousands of documents.
 * Each (extractor, N) case runs in a fresh process, so one case's heap does not inflate the next's RSS.
 */
import { appendFileSync, copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { createGoldOracle } from "../eval/gold-oracle.js";
import { loadAllGold } from "../eval/load-gold.js";
import { resolveConfig } from "../pipeline/config.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import { delay, FAKE_BASE_URL, FAKE_MODEL, FakeModel } from "../test/fake-model.js";
import { FIXTURE_PDFS } from "../test/helpers.js";
import { entryArguments } from "./measure-process.js";

const { values } = parseArgs({
  options: {
    documents: { type: "string", default: "100" },
    extractor: { type: "string", default: "rules,llm" },
    rpm: { type: "string", default: "600" },
    "llm-concurrency": { type: "string", default: "8" },
    "latency-ms": { type: "string", default: "300" },
    formats: { type: "string", default: "csv,xlsx,sqlite" },
    case: { type: "string" },
  },
});

if (values.case === undefined) {
  console.log(`machine: ${process.platform} ${process.arch}, node ${process.version}, ${(await import("node:os")).availableParallelism()} cores`);
  console.log("extractor | documents | pages | wall s | docs/s | pages/s | LLM requests | req/min (cap) | peak in flight (cap) | peak RSS MiB");
  const forwarded = ["--rpm", values.rpm, "--llm-concurrency", values["llm-concurrency"], "--latency-ms", values["latency-ms"], "--formats", values.formats];
  for (const extractor of values.extractor.split(",")) {
    for (const count of values.documents.split(",")) {
      const child = spawnSync(process.execPath, [...entryArguments("bench/pipeline-bench.ts"), "--case", `${extractor}:${count}`, ...forwarded], { stdio: "inherit" });
      if (child.status !== 0) process.exitCode = child.status ?? 1;
    }
  }
  process.exit();
}

const latency = Number(values["latency-ms"]);
const oracle = createGoldOracle(loadAllGold());
const fake = new FakeModel(async (body, index) => {
  await delay(Math.round(latency * (2 / 3 + Math.random() * (2 / 3))));
  return oracle.respond(body, index);
});
fake.listen();

const sources = [FIXTURE_PDFS.grid, FIXTURE_PDFS.rowList, FIXTURE_PDFS.vertical];
const PAGES = { [FIXTURE_PDFS.grid]: 11, [FIXTURE_PDFS.rowList]: 9, [FIXTURE_PDFS.vertical]: 7 } as Record<string, number>;

function makeBatch(count: number): { directory: string; pages: number } {
  const directory = mkdtempSync(path.join(tmpdir(), "bench-docs-"));
  let pages = 0;
  for (let index = 0; index < count; index++) {
    const source = sources[index % sources.length]!;
    const file = path.join(directory, `doc-${String(index).padStart(5, "0")}.pdf`);
    copyFileSync(source, file);
    appendFileSync(file, `\n% bench copy ${index}\n`);
    pages += PAGES[source]!;
  }
  return { directory, pages };
}

const [caseExtractor, caseCount] = values.case.split(":");
for (const extractor of [caseExtractor!]) {
  for (const count of [Number(caseCount)]) {
    const batch = makeBatch(count);
    const outDir = mkdtempSync(path.join(tmpdir(), "bench-run-"));
    fake.requests.length = 0;
    fake.peakInFlight = 0;
    const config = resolveConfig(
      {
        inputs: [batch.directory],
        out: outDir,
        extractor,
        progress: "none",
        cache: false,
        formats: values.formats,
        ...(extractor === "rules" ? {} : { model: FAKE_MODEL, baseUrl: FAKE_BASE_URL, apiKey: "bench", requestsPerMinute: values.rpm, llmConcurrency: values["llm-concurrency"] }),
      },
      {},
      false,
    );
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
    const started = performance.now();
    const outcome = await runPipeline(config);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const requests = outcome.summary.totals.llmRequests;
    const cap = extractor === "rules" ? "-" : `${(requests / (seconds / 60)).toFixed(0)} (${values.rpm})`;
    const inFlight = extractor === "rules" ? "-" : `${fake.peakInFlight} (${values["llm-concurrency"]})`;
    console.log(
      [extractor, count, batch.pages, seconds.toFixed(1), (count / seconds).toFixed(2), (batch.pages / seconds).toFixed(1), requests, cap, inFlight, (peakRss / 1048576).toFixed(0)].join(" | "),
    );
    if (outcome.summary.totals.failed > 0) console.log(`  ${outcome.summary.totals.failed} documents failed`);
    rmSync(batch.directory, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
}
fake.close();
