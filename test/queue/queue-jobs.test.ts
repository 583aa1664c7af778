import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { execFile } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../pipeline/logger.js";
import { formatQueueStatus, queueStatus } from "../../pipeline/queue/queue-status.js";
import { createRedisPacer } from "../../pipeline/queue/redis-pacer.js";
import { collectQueuedRun, runOnQueue } from "../../pipeline/queue/run-on-queue.js";
import { connectRedis, QUEUE_PREFIX } from "../../pipeline/queue/stage-queues.js";
import type { ProgressReporter } from "../../pipeline/progress.js";
import { Worker } from "bullmq";
import { startQueueWorker, type QueueWorker } from "../../pipeline/queue/start-worker.js";
import type { DocumentResult } from "../../schemas/run-summary.js";
import { FIXTURE_PDFS, repoRoot } from "../helpers.js";
import { redisServerMissing, startTestRedis, type TestRedis } from "../redis-server.js";
import { runConfig } from "./queue-helpers.js";

const missing = redisServerMissing();

/** Two fixtures copied where the test may change them after submission. */
function inputs(): { directory: string; grid: string; vertical: string } {
  const directory = mkdtempSync(path.join(tmpdir(), "queue-inputs-"));
  const grid = path.join(directory, "grid.pdf");
  const vertical = path.join(directory, "vertical.pdf");
  copyFileSync(FIXTURE_PDFS.grid, grid);
  copyFileSync(FIXTURE_PDFS.vertical, vertical);
  return { directory, grid, vertical };
}

function documentsOf(outDir: string): DocumentResult[] {
  return (JSON.parse(readFileSync(path.join(outDir, "run.json"), "utf8")) as { documents: DocumentResult[] }).documents;
}

describe.skipIf(missing !== null)("queue jobs on a real redis-server, worked in this process", () => {
  let redis: TestRedis;
  let worker: QueueWorker | null = null;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  // A test that fails with its worker running must not leave it to take the next test's jobs.
  afterEach(async () => {
    await worker?.close(true);
    worker = null;
  });
  afterAll(async () => {
    await redis?.stop();
  });
  const outDir = () => path.join(mkdtempSync(path.join(tmpdir(), "queue-jobs-")), "run");

  it("refuses a file whose bytes changed after submission: the document fails input_changed, the other is done", async () => {
    const { directory, vertical } = inputs();
    const run = runConfig({ inputs: [directory], out: outDir(), queue: redis.url });
    const submitted = await runOnQueue(run.config, run.options, { wait: false });
    expect(submitted.documents.map((document) => document.origin)).toEqual(["submitted", "submitted"]);
    appendFileSync(vertical, "\n% edited after submission\n");

    worker = startQueueWorker({ url: redis.url, stages: ["read", "extract"], concurrency: 1, lockMs: 5_000, attempts: 2 }, silentLogger);
    await worker.ready;
    const outcome = await collectQueuedRun(run.config.outDir, { queue: redis.url, progress: "none" });
    await worker.close();
    worker = null;

    expect(outcome.summary.totals).toMatchObject({ documents: 2, done: 1, failed: 1 });
    const changed = documentsOf(run.config.outDir).find((document) => document.path === vertical)!;
    expect(changed.status).toBe("failed");
    expect(changed.error).toMatchObject({ name: "InputChangedError", code: "input_changed", stage: "read", document: vertical });
  }, 120_000);

  it("a job that fails every attempt ends as the document's queue_job_failed failure, with the queue's reason", async () => {
    const { grid } = inputs();
    const run = runConfig({ inputs: [grid], out: outDir(), queue: redis.url, queueAttempts: 2 });
    // A file where the segmented documents' folder should be: every read job's write fails.
    mkdirSync(run.config.outDir, { recursive: true });
    writeFileSync(path.join(run.config.outDir, "segmented"), "not a folder");

    worker = startQueueWorker({ url: redis.url, stages: ["read"], concurrency: 1, lockMs: 5_000, attempts: 2 }, silentLogger);
    await worker.ready;
    const outcome = await runOnQueue(run.config, run.options);
    await worker.close();
    worker = null;

    expect(outcome.summary.totals).toMatchObject({ documents: 1, done: 0, failed: 1 });
    const [document] = documentsOf(run.config.outDir);
    expect(document!.error).toMatchObject({ name: "QueueJobError", code: "queue_job_failed", stage: "read", document: grid });
    expect((document!.error as { message: string }).message).toMatch(/failed on every attempt \(2\).*(ENOTDIR|EEXIST)/);
  }, 120_000);

  it("two collectors of one run both write the whole run, every record once, and agree", async () => {
    const { directory } = inputs();
    const run = runConfig({ inputs: [directory], out: outDir(), queue: redis.url });
    await runOnQueue(run.config, run.options, { wait: false });
    worker = startQueueWorker({ url: redis.url, stages: ["read", "extract"], concurrency: 2, lockMs: 5_000, attempts: 2 }, silentLogger);
    await worker.ready;
    const [first, second] = await Promise.all([
      collectQueuedRun(run.config.outDir, { queue: redis.url, progress: "none" }),
      collectQueuedRun(run.config.outDir, { queue: redis.url, progress: "none" }),
    ]);
    await worker.close();
    worker = null;

    expect(first.summary.totals).toMatchObject({ documents: 2, done: 2, failed: 0 });
    expect(second.summary.totals).toEqual(first.summary.totals);
    const records = readFileSync(path.join(run.config.outDir, "records.jsonl"), "utf8").trimEnd().split("\n");
    expect(records).toHaveLength(first.summary.totals.projects);
    expect(new Set(records.map((line) => (JSON.parse(line) as { id: string }).id)).size).toBe(records.length);
  }, 120_000);

  it("status counts each stage's jobs and names the workers alive", async () => {
    const run = runConfig({ inputs: [FIXTURE_PDFS.rowList], out: outDir(), queue: redis.url });
    await runOnQueue(run.config, run.options, { wait: false });
    const connection = connectRedis(redis.url);
    const waiting = await queueStatus(connection);
    expect(waiting.find((status) => status.stage === "read")).toMatchObject({ waiting: 1, active: 0, workers: [] });

    worker = startQueueWorker({ url: redis.url, stages: ["extract"], concurrency: 1, lockMs: 5_000, attempts: 1 }, silentLogger);
    await worker.ready;
    const serving = await queueStatus(connection);
    expect(serving.find((status) => status.stage === "extract")!.workers).toEqual([worker.name]);
    expect(serving.find((status) => status.stage === "read")!.workers).toEqual([]);
    const printed = formatQueueStatus(serving);
    expect(printed).toMatch(/^read\s+1\s+0\s+\d+\s+\d+\s+0$/m);
    expect(printed).toContain(`${worker.name} (extract)`);
    await worker.close();
    worker = null;
    connection.disconnect();
  }, 60_000);

  it("the commands: ingest --no-wait submits, queue status shows the jobs waiting, ingest --collect writes the outputs", async () => {
    const out = outDir();
    // Asynchronously: the worker that serves them runs in this process.
    const command = (entry: string, args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, ["--import", "tsx", path.join(repoRoot, entry), ...args], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, INGEST_QUEUE_POLL_MS: "100" } }, (error, stdout, stderr) =>
          resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    const submitted = await command("bin/ingest.ts", [FIXTURE_PDFS.grid, "--out", out, "--queue", redis.url, "--no-wait", "--formats", "csv"]);
    expect(submitted.status, submitted.stderr).toBe(0);
    expect(submitted.stdout).toContain("submitted   1 of 1 documents");
    expect(submitted.stdout).toContain(`npm run ingest -- --collect --out`);
    const status = await command("bin/queue.ts", ["status", "--queue", redis.url, "--json"]);
    expect(status.status, status.stderr).toBe(0);
    const stages = (JSON.parse(status.stdout) as { stages: Array<{ stage: string; waiting: number }> }).stages;
    expect(stages.find((stage) => stage.stage === "read")!.waiting).toBeGreaterThanOrEqual(1);

    worker = startQueueWorker({ url: redis.url, stages: ["read", "extract"], concurrency: 1, lockMs: 5_000, attempts: 2 }, silentLogger);
    await worker.ready;
    const collected = await command("bin/ingest.ts", ["--collect", "--out", out, "--queue", redis.url, "--progress", "none"]);
    await worker.close();
    worker = null;
    expect(collected.status, collected.stderr).toBe(0);
    expect(collected.stdout).toMatch(/documents\s+1 \(1 done, 0 failed\)/);
    expect(readFileSync(path.join(out, "projects.csv"), "utf8").trimEnd().split("\r\n").length).toBeGreaterThan(1);
  }, 120_000);

  it("the collector's progress moves by the OCR pages a read job reports, and by the document once it ends", async () => {
    const run = runConfig({ inputs: [FIXTURE_PDFS.grid], out: outDir(), queue: redis.url, queueAttempts: 1 });
    await runOnQueue(run.config, run.options, { wait: false });
    const seen: string[] = [];
    const progress: ProgressReporter = {
      start: () => {},
      ocrPageQueued: (key) => void seen.push(`queued ${key.slice(0, 8)}`),
      ocrPageDone: () => void seen.push("done"),
      documentEnd: (result) => void seen.push(`end ${result.status}`),
      stop: () => {},
    };
    // A read worker of the test's own that reports three pages sent and two back, twice (a poll in between
    // must not count them again), waits for the collector to see them, then gives up on the document.
    const connection = connectRedis(redis.url);
    const reader = new Worker(
      "read",
      async (job) => {
        await job.updateProgress({ ocrPagesQueued: 3, ocrPagesDone: 2 });
        for (const deadline = Date.now() + 20_000; seen.filter((event) => event === "done").length < 2 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
        await job.updateProgress({ ocrPagesQueued: 3, ocrPagesDone: 2 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        throw new Error("the test's reader stops here");
      },
      { connection, prefix: QUEUE_PREFIX, concurrency: 1 },
    );
    const outcome = await collectQueuedRun(run.config.outDir, { queue: redis.url, progress: "none" }, { progress });
    await reader.close();
    connection.disconnect();

    expect(outcome.summary.totals).toMatchObject({ documents: 1, failed: 1 });
    const key = outcome.summary.documents[0]!.sha256!.slice(0, 8);
    expect(seen).toEqual([`queued ${key}`, `queued ${key}`, `queued ${key}`, "done", "done", "end failed"]);
  }, 60_000);

  it("the --rpm pace holds across processes: starts from two connections are one interval apart between them", async () => {
    const first = connectRedis(redis.url);
    const second = connectRedis(redis.url);
    const scope = { endpoint: "fake.test", model: "pace-test", requestsPerMinute: 1200 };
    const pacers = [createRedisPacer(first, scope), createRedisPacer(second, scope)];
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, index) => pacers[index % 2]!.wait().then(() => starts.push(performance.now()))));
    starts.sort((a, b) => a - b);
    // 1200 a minute is one start per 50 ms: 20 starts span at least 19 intervals, whoever asked.
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(19 * 50 - 5);
    first.disconnect();
    second.disconnect();
  }, 30_000);
});
