/**
 * `npm run bench -- queue [--documents N] [--capped-documents N] [--latency-ms N] [--rpm N]`: the queue's
 * throughput over worker processes on a real redis-server started for the run.
 *
 * - Read stage: documents/s with 1 and 2 `--stages read` workers, and each worker's CPU-s per document.
 * - Extract stage, model-bound: 1, 2 and 4 `--stages extract` workers against the fake model (gold oracle
 *   after --latency-ms, in every worker: test/child-fake-model.ts), `--llm-concurrency 2` each, with a cap
 *   too high to bind: throughput should grow with the workers.
 * - The cap binding: 4 workers under `--rpm` (600), long enough to hold several 60-s windows: requests/min,
 *   and the most requests that reached the model in any 60-s window (all workers together).
 * Documents are the vertical fixture with a different trailing comment each (6 projects: 6 model requests).
 * The extract queue is paused while its workers start, so their start-up is not counted.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { redactUrl, resolveConfig, type PipelineConfig, type QueueConfig } from "../pipeline/config.js";
import { collectQueuedRun, runOnQueue } from "../pipeline/queue/run-on-queue.js";
import { connectRedis, openStageQueues, type StageQueues } from "../pipeline/queue/stage-queues.js";
import { packageRoot } from "../pipeline/io/package-root.js";
import { FAKE_BASE_URL, FAKE_MODEL } from "../test/fake-model.js";
import { makeBatch } from "../test/helpers.js";
import { startTestRedis } from "../test/redis-server.js";
import { entryArguments } from "./measure-process.js";

const { values } = parseArgs({
  options: {
    documents: { type: "string", default: "96" },
    "capped-documents": { type: "string", default: "110" },
    "latency-ms": { type: "string", default: "300" },
    rpm: { type: "string", default: "600" },
  },
});
const DOCUMENTS = Number(values.documents);
const CAPPED_DOCUMENTS = Number(values["capped-documents"]);
const RPM = Number(values.rpm);
const REQUESTS_PER_DOCUMENT = 6;
const ROOT = packageRoot(import.meta.url);
const FROM_SOURCES = import.meta.url.endsWith(".ts");
const FAKE_MODEL_PRELOAD = FROM_SOURCES ? path.join(ROOT, "test/child-fake-model.ts") : path.join(ROOT, "build/test/child-fake-model.js");
const ENDPOINT = { OPENAI_BASE_URL: FAKE_BASE_URL, OPENAI_API_KEY: "sk-bench", OPENAI_MODEL: FAKE_MODEL };

const redis = await startTestRedis();
const connection = connectRedis(redis.url);
const queues = openStageQueues(connection);
const scratch = mkdtempSync(path.join(tmpdir(), "queue-bench-"));
console.log(`redis-server at ${redactUrl(redis.url)}, ${DOCUMENTS} documents a case, fake model ${values["latency-ms"]} ms\n`);

interface Worker {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
}

function startWorker(stages: string, concurrency: number, env: Record<string, string> = {}): Worker {
  const child = spawn(process.execPath, [...(stages === "extract" ? ["--import", FAKE_MODEL_PRELOAD] : []), ...entryArguments("bin/worker.ts"), "--queue", redis.url, "--stages", stages, "--concurrency", String(concurrency)], {
    env: { ...process.env, ...ENDPOINT, FAKE_MODEL_DELAY_MS: values["latency-ms"], ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/worker \S+: serving/.test(stderr)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { child, ready, exited };
}

/** CPU-s a process has used so far, threads included (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function stopAll(workers: readonly Worker[]): Promise<void> {
  for (const worker of workers) worker.child.kill("SIGTERM");
  await Promise.all(workers.map((worker) => worker.exited));
}

async function waitUntil(done: () => Promise<boolean>): Promise<void> {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 100));
}

function runConfig(name: string, inputs: string, rpm: number): { config: PipelineConfig & { queue: QueueConfig }; options: Parameters<typeof runOnQueue>[1] } {
  const options = { inputs: [inputs], out: path.join(scratch, name), queue: redis.url, extractor: "llm", cache: false, llmConcurrency: 2, requestsPerMinute: rpm, progress: "none", formats: "csv" };
  return { config: resolveConfig(options, ENDPOINT, false) as PipelineConfig & { queue: QueueConfig }, options };
}

/** Submits a run and reads it with `readers` read workers: documents/s and CPU-s per document of that stage. */
async function readPhase(name: string, count: number, readers: number, rpm: number) {
  const { config, options } = runConfig(name, makeBatch(count), rpm);
  await queues.extract.pause();
  const workers = Array.from({ length: readers }, () => startWorker("read", 1));
  await Promise.all(workers.map((worker) => worker.ready));
  const before = await queues.read.getJobCounts("completed");
  const cpuBefore = workers.map((worker) => cpuSeconds(worker.child.pid!));
  const started = performance.now();
  await runOnQueue(config, options, { wait: false });
  await waitUntil(async () => ((await queues.read.getJobCounts("completed")).completed ?? 0) - (before.completed ?? 0) >= count);
  const seconds = (performance.now() - started) / 1000;
  const cpu = workers.reduce((total, worker, index) => total + cpuSeconds(worker.child.pid!) - cpuBefore[index]!, 0);
  await stopAll(workers);
  return { config, seconds, documentsPerSecond: count / seconds, cpuPerDocument: cpu / count };
}

/** The extract stage of a read run with `count` workers: documents/s, requests/min and the busiest 60-s window. */
async function extractPhase(config: PipelineConfig, count: number, documents: number) {
  const log = path.join(scratch, `requests-${config.outDir.split(path.sep).at(-1)}.log`);
  writeFileSync(log, "");
  const before = await queues.extract.getJobCounts("completed");
  const workers = Array.from({ length: count }, () => startWorker("extract", 4, { FAKE_MODEL_LOG: log }));
  await Promise.all(workers.map((worker) => worker.ready));
  const started = performance.now();
  await queues.extract.resume();
  await waitUntil(async () => ((await queues.extract.getJobCounts("completed")).completed ?? 0) - (before.completed ?? 0) >= documents);
  const seconds = (performance.now() - started) / 1000;
  await stopAll(workers);
  const collected = await collectQueuedRun(config.outDir, { queue: redis.url, progress: "none" });
  if (collected.summary.totals.done !== documents) throw new Error(`${collected.summary.totals.done} of ${documents} documents done`);
  const arrivals = readFileSync(log, "utf8").trim().split("\n").map(Number).sort((a, b) => a - b);
  return {
    seconds,
    documentsPerSecond: documents / seconds,
    requests: arrivals.length,
    // What run.json says the workers sent (their per-document counters, summed by the collector): the requests the model counted.
    reportedRequests: collected.summary.totals.llmRequests,
    requestsPerMinute: (arrivals.length / seconds) * 60,
    busiestMinute: busiestWindow(arrivals, 60_000),
  };
}

/** The most arrivals in any window of `width` ms (a window starting at each arrival is enough). */
function busiestWindow(arrivals: readonly number[], width: number): number {
  let most = 0;
  for (let first = 0, last = 0; first < arrivals.length; first++) {
    while (last < arrivals.length && arrivals[last]! < arrivals[first]! + width) last++;
    most = Math.max(most, last - first);
  }
  return most;
}

const noCap = 60_000;
try {
  // Each extract case reads its own run first: the extract queue then holds exactly that run's documents.
  const read1 = await readPhase("read-1", DOCUMENTS, 1, noCap);
  const extract1 = await extractPhase(read1.config, 1, DOCUMENTS);
  const read2 = await readPhase("read-2", DOCUMENTS, 2, noCap);
  const extract2 = await extractPhase(read2.config, 2, DOCUMENTS);
  const read4 = await readPhase("read-4", DOCUMENTS, 2, noCap);
  const extract4 = await extractPhase(read4.config, 4, DOCUMENTS);

  console.log("Read stage (text-layer documents; --stages read --concurrency 1 per worker)");
  console.log(`  1 worker   ${read1.documentsPerSecond.toFixed(2)} documents/s (${read1.documentsPerSecond.toFixed(2)} per worker), ${read1.cpuPerDocument.toFixed(3)} CPU-s a document in the worker`);
  for (const [index, read] of [read2, read4].entries()) {
    console.log(
      `  2 workers  ${read.documentsPerSecond.toFixed(2)} documents/s (${(read.documentsPerSecond / 2).toFixed(2)} per worker), ${read.cpuPerDocument.toFixed(3)} CPU-s a document in the workers (${(read.documentsPerSecond / read1.documentsPerSecond).toFixed(2)}× one worker)${index === 0 ? "" : " (again)"}`,
    );
  }
  console.log(`\nExtract stage, model-bound (--stages extract --concurrency 4, --llm-concurrency 2 each, fake model ${values["latency-ms"]} ms, cap not binding)`);
  for (const [workers, result] of [[1, extract1], [2, extract2], [4, extract4]] as const) {
    console.log(
      `  ${workers} worker${workers > 1 ? "s" : " "}  ${result.documentsPerSecond.toFixed(2)} documents/s, ${Math.round(result.requestsPerMinute)} requests/min, ${(result.documentsPerSecond / extract1.documentsPerSecond).toFixed(2)}× one worker; run.json llmRequests ${result.reportedRequests} of ${result.requests} at the model`,
    );
  }
  const scaling = extract4.documentsPerSecond / extract1.documentsPerSecond;
  console.log(`  goal: 4 workers at least 3.5× one: ${scaling.toFixed(2)}× (${scaling >= 3.5 ? "met" : "NOT MET"})`);

  console.log(`\nThe cap binding: 4 extract workers under --rpm ${RPM}, ${CAPPED_DOCUMENTS} documents (${CAPPED_DOCUMENTS * REQUESTS_PER_DOCUMENT} requests)`);
  const readCapped = await readPhase("capped", CAPPED_DOCUMENTS, 2, RPM);
  const capped = await extractPhase(readCapped.config, 4, CAPPED_DOCUMENTS);
  console.log(
    `  ${Math.round(capped.requestsPerMinute)} requests/min over ${capped.seconds.toFixed(1)} s; busiest 60-s window ${capped.busiestMinute} requests (cap ${RPM}: ${capped.busiestMinute <= RPM ? "held" : "EXCEEDED"}); run.json llmRequests ${capped.reportedRequests} of ${capped.requests} at the model`,
  );
  if (capped.busiestMinute > RPM) process.exitCode = 1;
} finally {
  await queues.close();
  connection.disconnect();
  await redis.stop();
  rmSync(scratch, { recursive: true, force: true });
}
