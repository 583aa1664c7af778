import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../pipeline/logger.js";
import { runOnQueue } from "../../pipeline/queue/run-on-queue.js";
import { connectRedis, openStageQueues } from "../../pipeline/queue/stage-queues.js";
import { runPipeline } from "../../pipeline/run-pipeline.js";
import { ProjectRecordSchema } from "../../schemas/project-record.js";
import { FAKE_BASE_URL, FAKE_MODEL } from "../fake-model.js";
import { fixturePath, makeBatch } from "../helpers.js";
import { redisServerMissing, startTestRedis, type TestRedis } from "../redis-server.js";
import { runConfig, runSummaryWithoutTimings } from "./queue-helpers.js";
import { spawnWorker, type WorkerProcess } from "./worker-process.js";

const missing = redisServerMissing();
const FAKE_ENDPOINT = { OPENAI_BASE_URL: FAKE_BASE_URL, OPENAI_API_KEY: "sk-test", OPENAI_MODEL: FAKE_MODEL };

describe.skipIf(missing !== null)("ingest --queue over worker processes on a real redis-server", () => {
  let redis: TestRedis;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    for (const worker of workers) worker.child.kill("SIGKILL");
    await redis?.stop();
  });
  const outDir = (name: string) => path.join(mkdtempSync(path.join(tmpdir(), "queue-run-")), name);

  it("two workers write the outputs a single-machine run writes, apart from timings, and a second run resumes with nothing resubmitted", async () => {
    const started = [spawnWorker(redis.url, ["--concurrency", "1"]), spawnWorker(redis.url, ["--concurrency", "1"])];
    workers.push(...started);
    await Promise.all(started.map((worker) => worker.ready));

    const single = runConfig({ inputs: [fixturePath("pdf")], out: outDir("single") });
    await runPipeline(single.config);
    const queued = runConfig({ inputs: [fixturePath("pdf")], out: outDir("queued"), queue: redis.url });
    const outcome = await runOnQueue(queued.config, queued.options);

    expect(outcome.summary.totals).toMatchObject({ documents: 3, done: 3, failed: 0, reused: 0 });
    for (const file of ["records.jsonl", "flagged.jsonl", "projects.csv", "indicators.csv", "flags.csv", "documents.csv"]) {
      expect(readFileSync(path.join(queued.config.outDir, file), "utf8"), file).toBe(readFileSync(path.join(single.config.outDir, file), "utf8"));
    }
    expect(runSummaryWithoutTimings(queued.config.outDir)).toEqual(runSummaryWithoutTimings(single.config.outDir));

    const connection = connectRedis(redis.url);
    const queues = openStageQueues(connection);
    const before = await queues.read.getJobCounts("completed", "waiting", "active");
    const again = await runOnQueue(queued.config, queued.options);
    expect(again.summary.totals).toMatchObject({ documents: 3, done: 3, reused: 3 });
    expect(await queues.read.getJobCounts("completed", "waiting", "active")).toEqual(before);
    expect(readFileSync(path.join(queued.config.outDir, "records.jsonl"), "utf8")).toBe(readFileSync(path.join(single.config.outDir, "records.jsonl"), "utf8"));
    await queues.close();
    connection.disconnect();

    // SIGTERM: the workers finish what they hold and exit cleanly.
    for (const worker of started) worker.child.kill("SIGTERM");
    expect(await Promise.all(started.map((worker) => worker.exited))).toEqual([0, 0]);
  }, 240_000);

  it("a worker killed with SIGKILL mid-job loses nothing: a restarted worker takes its jobs and every record is written exactly once", async () => {
    const documents = 6;
    const inputDir = makeBatch(documents);
    const workerArgs = ["--concurrency", "2", "--lock-ms", "2000"];
    const workerEnv = { ...FAKE_ENDPOINT, FAKE_MODEL_DELAY_MS: "300" };
    const first = spawnWorker(redis.url, workerArgs, { fakeModel: true, env: workerEnv });
    workers.push(first);
    await first.ready;

    const run = runConfig({ inputs: [inputDir], out: outDir("killed"), queue: redis.url, extractor: "llm", cache: false, llmConcurrency: 2 }, FAKE_ENDPOINT);
    const collecting = runOnQueue(run.config, run.options);
    const connection = connectRedis(redis.url);
    const queues = openStageQueues(connection);
    // Killed while it holds an extract job: the model's replies take 300 ms each, six per document.
    let held: string | undefined;
    for (const deadline = Date.now() + 120_000; !held && Date.now() < deadline; ) {
      held = (await queues.extract.getActive())[0]?.id;
      if (!held) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(held).toBeDefined();
    first.child.kill("SIGKILL");
    await first.exited;

    const restarted = spawnWorker(redis.url, workerArgs, { fakeModel: true, env: workerEnv });
    workers.push(restarted);
    const outcome = await collecting;

    expect(outcome.summary.totals).toMatchObject({ documents, done: documents, failed: 0 });
    const job = await queues.extract.getJob(held!);
    // It was taken from the dead worker and finished by the restarted one.
    expect(job?.stalledCounter ?? 0).toBeGreaterThanOrEqual(1);
    expect(await job?.getState()).toBe("completed");
    const lines = readFileSync(path.join(run.config.outDir, "records.jsonl"), "utf8").trimEnd().split("\n");
    const records = lines.map((line) => ProjectRecordSchema.parse(JSON.parse(line)));
    expect(records).toHaveLength(documents * 6);
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
    expect(readdirSync(path.join(run.config.outDir, "documents"))).toHaveLength(documents);
    await queues.close();
    connection.disconnect();
    restarted.child.kill("SIGTERM");
    expect(await restarted.exited).toBe(0);
  }, 240_000);

  it("Redis restarted empty mid-run: the collector submits the lost jobs again and the run completes with every record once", async () => {
    const documents = 6;
    const inputDir = makeBatch(documents);
    const workerEnv = { ...FAKE_ENDPOINT, FAKE_MODEL_DELAY_MS: "200" };
    const worker = spawnWorker(redis.url, ["--concurrency", "2", "--lock-ms", "2000"], { fakeModel: true, env: workerEnv });
    workers.push(worker);
    await worker.ready;
    const run = runConfig({ inputs: [inputDir], out: outDir("redis-restart"), queue: redis.url, extractor: "llm", cache: false, llmConcurrency: 2 }, FAKE_ENDPOINT);
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (event: string) => void warnings.push(event) };
    const collecting = runOnQueue(run.config, run.options, { logger });
    const resultsDir = path.join(run.config.outDir, "documents");
    const finished = () => {
      try {
        return readdirSync(resultsDir).filter((name) => name.endsWith(".json")).length;
      } catch {
        return 0;
      }
    };
    for (const deadline = Date.now() + 120_000; finished() < 1 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(finished()).toBeLessThan(documents);
    await redis.kill();
    await redis.start();

    const outcome = await collecting;
    expect(warnings).toContain("job-resubmitted");
    expect(outcome.summary.totals).toMatchObject({ documents, done: documents, failed: 0 });
    const records = readFileSync(path.join(run.config.outDir, "records.jsonl"), "utf8").trimEnd().split("\n");
    expect(records).toHaveLength(documents * 6);
    expect(new Set(records.map((line) => (JSON.parse(line) as { id: string }).id)).size).toBe(records.length);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  }, 240_000);
});
