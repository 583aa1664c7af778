import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGoldOracle } from "../../eval/gold-oracle.js";
import { loadAllGold } from "../../eval/load-gold.js";
import { runOnQueue } from "../../pipeline/queue/run-on-queue.js";
import { runPipeline } from "../../pipeline/run-pipeline.js";
import { FAKE_BASE_URL, FAKE_MODEL, FakeModel } from "../fake-model.js";
import { fixturePath } from "../helpers.js";
import { redisServerMissing, startTestRedis, type TestRedis } from "../redis-server.js";
import { runConfig, runSummaryWithoutTimings } from "./queue-helpers.js";
import { spawnWorker, type WorkerProcess } from "./worker-process.js";

const missing = redisServerMissing();
const FAKE_ENDPOINT = { OPENAI_BASE_URL: FAKE_BASE_URL, OPENAI_API_KEY: "sk-test", OPENAI_MODEL: FAKE_MODEL };

/** run.json without timings and without the one counter that depends on how the work was spread: the peak in flight. */
function comparable(outDir: string): unknown {
  const summary = runSummaryWithoutTimings(outDir) as { totals: Record<string, unknown> };
  const { llmPeakInFlight: _peak, ...totals } = summary.totals;
  return { ...summary, totals };
}

describe.skipIf(missing !== null)("ingest --queue with the model, over worker processes on a real redis-server", () => {
  let redis: TestRedis;
  const workers: WorkerProcess[] = [];
  // The single-machine run's model, in this process; the workers preload the same oracle (test/child-fake-model.ts).
  const fake = new FakeModel(createGoldOracle(loadAllGold()).respond);
  beforeAll(async () => {
    fake.listen();
    redis = await startTestRedis();
  });
  afterAll(async () => {
    fake.close();
    for (const worker of workers) worker.child.kill("SIGKILL");
    await redis?.stop();
  });
  const outDir = (name: string) => path.join(mkdtempSync(path.join(tmpdir(), "queue-model-")), name);

  it("writes what a single-machine run writes, run.json's model counters included (summed over the workers)", async () => {
    const started = [spawnWorker(redis.url, ["--concurrency", "1"], { fakeModel: true, env: FAKE_ENDPOINT }), spawnWorker(redis.url, ["--concurrency", "1"], { fakeModel: true, env: FAKE_ENDPOINT })];
    workers.push(...started);
    await Promise.all(started.map((worker) => worker.ready));
    const options = { inputs: [fixturePath("pdf")], extractor: "llm", cache: false, llmConcurrency: 2 } as const;

    const single = runConfig({ ...options, out: outDir("single") }, FAKE_ENDPOINT);
    const alone = await runPipeline(single.config);
    const queued = runConfig({ ...options, out: outDir("queued"), queue: redis.url }, FAKE_ENDPOINT);
    const outcome = await runOnQueue(queued.config, queued.options);

    expect(alone.summary.totals.llmRequests).toBeGreaterThan(0);
    expect(outcome.summary.totals.llmRequests).toBe(alone.summary.totals.llmRequests);
    expect(outcome.summary.totals.llmPeakInFlight).toBeGreaterThan(0);
    for (const file of ["records.jsonl", "flagged.jsonl", "projects.csv", "indicators.csv", "documents.csv"]) {
      expect(readFileSync(path.join(queued.config.outDir, file), "utf8"), file).toBe(readFileSync(path.join(single.config.outDir, file), "utf8"));
    }
    expect(comparable(queued.config.outDir)).toEqual(comparable(single.config.outDir));

    for (const worker of started) worker.child.kill("SIGTERM");
    expect(await Promise.all(started.map((worker) => worker.exited))).toEqual([0, 0]);
  }, 240_000);
});
