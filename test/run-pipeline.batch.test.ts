import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";
import { createGoldOracle } from "../eval/gold-oracle.js";
import { loadAllGold } from "../eval/load-gold.js";
import { resolveConfig, type CliOptions } from "../pipeline/config.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import { RunSummarySchema } from "../schemas/run-summary.js";
import { FakeBatchApi } from "./fake-batch-api.js";
import { completion, FAKE_BASE_URL, FAKE_MODEL, unitTextOf } from "./fake-model.js";
import { FIXTURE_PDFS, repoRoot } from "./helpers.js";

const gold = loadAllGold();
const PRICES = path.join(repoRoot, "fixtures/eval/prices.json");

function batchConfig(inputs: string[], options: CliOptions = {}) {
  const out = options.out ?? mkdtempSync(path.join(tmpdir(), "run-batch-"));
  return resolveConfig(
    {
      inputs,
      out,
      extractor: "llm",
      model: FAKE_MODEL,
      baseUrl: FAKE_BASE_URL,
      apiKey: "k",
      cache: false,
      progress: "none",
      prices: PRICES,
      llmMode: "batch",
      batchPollMs: "5",
      batchCollectMs: "100",
      ...options,
    },
    {},
    false,
  );
}

async function withFake<T>(fake: FakeBatchApi, work: () => Promise<T>): Promise<T> {
  fake.listen();
  try {
    return await work();
  } finally {
    fake.close();
  }
}

function readSummary(outDir: string) {
  return RunSummarySchema.parse(JSON.parse(readFileSync(path.join(outDir, "run.json"), "utf8")));
}

describe("--llm-mode batch (msw as the Batch API)", () => {
  it("uploads the units as one JSONL batch file, submits it for /v1/chat/completions in 24 h, polls it through validating, in_progress and completed, and writes the replies", async () => {
    const fake = new FakeBatchApi(createGoldOracle(gold).respond);
    const config = batchConfig([FIXTURE_PDFS.vertical]);
    const outcome = await withFake(fake, () => runPipeline(config));

    expect(outcome.exitCode).toBe(0);
    expect(fake.uploads).toHaveLength(1);
    const upload = fake.uploads[0]!;
    expect(upload.purpose).toBe("batch");
    expect(upload.lines).toHaveLength(6);
    for (const line of upload.lines) {
      expect(line).toMatchObject({ method: "POST", url: "/v1/chat/completions", body: { model: FAKE_MODEL, temperature: 0, response_format: { type: "json_schema" } } });
      expect(line.custom_id).toMatch(/^[0-9a-f]{64}$/);
      expect(unitTextOf(line.body)).not.toBe("");
    }
    expect(new Set(upload.lines.map((line) => line.custom_id)).size).toBe(6);
    expect(fake.creates).toEqual([{ input_file_id: upload.id, endpoint: "/v1/chat/completions", completion_window: "24h", metadata: { source: "disclosure-ingest", requests: "6" } }]);
    // validating, in_progress, completed: three polls of the one batch, then its output file downloaded once.
    expect(fake.polls).toEqual(["batch_2", "batch_2", "batch_2"]);
    expect(fake.downloads).toEqual([fake.state.batches.get("batch_2")!.outputFileId]);

    const summary = readSummary(config.outDir);
    expect(summary.totals).toMatchObject({ done: 1, projects: 6, unitsByExtractor: { llm: 6, rules: 0 }, llmRequests: 6 });
    expect(summary.batches).toEqual([
      {
        id: "batch_2",
        status: "downloaded",
        requests: 6,
        reasks: 0,
        completed: 6,
        failed: 0,
        submittedAt: "2023-11-14T22:13:20.000Z",
        finishedAt: "2023-11-14T23:13:20.000Z",
        durationMs: 3_600_000,
        usage: { promptTokens: 6000, completionTokens: 1200 },
        // 6 × (1000 × 1 + 200 × 2) millionths at half price.
        cost: "0.004200",
      },
    ]);
    expect(summary.totals.cost).toMatchObject({ billing: "batch", amount: "0.004200" });
    // The batch's input and output kept in the run directory, the input byte for byte as uploaded.
    const uploaded = fake.state.files.get(upload.id)!;
    expect(readFileSync(path.join(config.outDir, "batches", "batch_2.input.jsonl"), "utf8")).toBe(uploaded);
    expect(readFileSync(path.join(config.outDir, "batches", "batch_2.output.jsonl"), "utf8").trimEnd().split("\n")).toHaveLength(6);
  });

  it("fails just the units in the error file, with the provider's status, and counts them per batch", async () => {
    const fake = new FakeBatchApi(createGoldOracle(gold).respond, { failLine: (_line, index) => (index === 2 ? 500 : index === 4 ? "expired" : null) });
    const config = batchConfig([FIXTURE_PDFS.vertical]);
    const outcome = await withFake(fake, () => runPipeline(config));

    const document = outcome.summary.documents[0]!;
    expect(document.status).toBe("failed");
    expect(document.unitErrors).toHaveLength(2);
    expect(document.unitErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "llm_http_500", message: expect.stringMatching(/^Batch batch_2: the request failed with HTTP 500: fake 500/) }),
        expect.objectContaining({ code: "llm_batch_expired", message: expect.stringMatching(/batch_expired/) }),
      ]),
    );
    expect(fake.downloads).toHaveLength(2);
    expect(readSummary(config.outDir).batches).toMatchObject([{ requests: 6, completed: 4, failed: 2 }]);
  });

  it("sends the re-ask of a reply that failed the schema in a follow-up batch, and reports it as one", async () => {
    const oracle = createGoldOracle(gold);
    let spoiled = false;
    const fake = new FakeBatchApi((body, index) => {
      if (!spoiled && body.messages.length === 2) {
        spoiled = true;
        return completion("{not json", { promptTokens: 900, completionTokens: 30 });
      }
      return oracle.respond(body, index);
    });
    const config = batchConfig([FIXTURE_PDFS.vertical]);
    const outcome = await withFake(fake, () => runPipeline(config));

    expect(outcome.exitCode).toBe(0);
    expect(fake.uploads.map((upload) => upload.lines.length)).toEqual([6, 1]);
    const reask = fake.uploads[1]!.lines[0]!.body.messages;
    expect(reask).toHaveLength(4);
    expect(reask[2]).toEqual({ role: "assistant", content: "{not json" });
    const summary = readSummary(config.outDir);
    expect(summary.batches!.map((batch) => [batch.requests, batch.reasks, batch.completed])).toEqual([
      [6, 0, 6],
      [1, 1, 1],
    ]);
    expect(summary.totals.failedAttemptUsage).toEqual({ promptTokens: 900, completionTokens: 30 });
  });

  it("resumes polling the batch a killed run left out, with no second upload or submission", async () => {
    const config = batchConfig([FIXTURE_PDFS.vertical]);
    // First run: the batch never leaves in_progress; the run is stopped while it polls.
    const first = new FakeBatchApi(createGoldOracle(gold).respond, { script: ["validating", "in_progress"] });
    const controller = new AbortController();
    const interrupted = await withFake(first, async () => {
      const running = runPipeline(config, { signal: controller.signal });
      await vi.waitUntil(() => first.polls.length >= 3, { timeout: 60_000, interval: 5 });
      controller.abort(new Error("killed"));
      return running;
    });
    expect(interrupted.interrupted).toBe(true);
    expect(first.creates).toHaveLength(1);
    const state = new Database(path.join(config.outDir, "state.sqlite"), { readonly: true });
    expect(state.prepare("SELECT batch_id AS id, status, requests FROM batch_jobs").all()).toEqual([{ id: "batch_2", status: "in_progress", requests: 6 }]);
    state.close();

    // Second run, same run directory: the provider has meanwhile finished the batch.
    const second = first.resumed(createGoldOracle(gold).respond);
    second.completeAll();
    const outcome = await withFake(second, () => runPipeline(batchConfig([FIXTURE_PDFS.vertical], { out: config.outDir })));

    expect(second.uploads).toHaveLength(0);
    expect(second.creates).toHaveLength(0);
    expect(second.polls).toEqual(["batch_2"]);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.summary.totals).toMatchObject({ done: 1, projects: 6, unitsByExtractor: { llm: 6 } });
    expect(readSummary(config.outDir).batches).toMatchObject([{ id: "batch_2", status: "downloaded", requests: 6, completed: 6 }]);
  });
});
