import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createGoldOracle, regionOf } from "../eval/gold-oracle.js";
import { loadAllGold } from "../eval/load-gold.js";
import { resolveConfig, type CliOptions } from "../pipeline/config.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import { ProjectRecordSchema, type ProjectRecord } from "../schemas/project-record.js";
import { completion, delay, FAKE_BASE_URL, FAKE_MODEL, FakeModel, httpError, modelList, unitTextOf } from "./fake-model.js";
import { FIXTURE_PDFS } from "./helpers.js";

const gold = loadAllGold();
const fake = new FakeModel(createGoldOracle(gold).respond);
const fastRetries = { retryTiming: { baseDelayMs: 1, maxDelayMs: 5 } };

beforeAll(() => fake.listen());
afterEach(async () => {
  await vi.waitUntil(() => fake.inFlight === 0, { timeout: 5_000 });
  fake.requests.length = 0;
  fake.probes = 0;
  fake.answerModels = modelList;
  fake.peakInFlight = 0;
  fake.use(createGoldOracle(gold).respond);
});
afterAll(() => fake.close());

function llmConfig(inputs: string[], options: CliOptions = {}) {
  const out = mkdtempSync(path.join(tmpdir(), "run-llm-"));
  return resolveConfig(
    { inputs, out, extractor: "llm", model: FAKE_MODEL, baseUrl: FAKE_BASE_URL, apiKey: "sk-test-secret", cache: false, progress: "none", ...options },
    {},
    false,
  );
}

function readRecords(outDir: string): ProjectRecord[] {
  const text = readFileSync(path.join(outDir, "records.jsonl"), "utf8").trimEnd();
  return text === "" ? [] : text.split("\n").map((line) => ProjectRecordSchema.parse(JSON.parse(line)));
}

describe("ingest with an OpenAI-compatible endpoint (msw)", () => {
  it("writes one valid record per project, each with the model, the prompt version and its token usage", async () => {
    const config = llmConfig([FIXTURE_PDFS.grid]);
    const outcome = await runPipeline(config, fastRetries);

    expect(outcome.exitCode).toBe(0);
    const records = readRecords(config.outDir);
    expect(records.map((record) => record.project.name)).toEqual(gold.find((document) => document.family === "grid")!.projects.map((project) => project.projectName));
    for (const record of records) {
      expect(record.extraction).toMatchObject({ extractor: "llm", model: FAKE_MODEL, promptVersion: "extract-project/v2", usage: { promptTokens: 1000, completionTokens: 200 }, attempts: 1 });
      expect(record.flags.filter((flag) => flag.code === "ungrounded")).toEqual([]);
    }
    expect(fake.requests).toHaveLength(8);
    expect(outcome.summary.totals).toMatchObject({ llmRequests: 8, usage: { promptTokens: 8000, completionTokens: 1600 } });
  });

  it("never writes the API key into any output", async () => {
    const config = llmConfig([FIXTURE_PDFS.vertical]);
    await runPipeline(config, fastRetries);
    for (const file of ["records.jsonl", "flagged.jsonl", "run.json"]) {
      expect(readFileSync(path.join(config.outDir, file), "utf8")).not.toContain("sk-test-secret");
    }
    expect(fake.requests[0]!.authorization).toBe("Bearer sk-test-secret");
  });

  it("rides out a 429 with Retry-After and completes the document", async () => {
    const oracle = createGoldOracle(gold);
    fake.use((body, index) => (index === 0 ? httpError(429, { "retry-after": "0" }) : oracle.respond(body, index)));
    const outcome = await runPipeline(llmConfig([FIXTURE_PDFS.vertical]), fastRetries);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.summary.totals).toMatchObject({ done: 1, projects: 6, llmRetries: 1, llmRequests: 7 });
  });

  it("fails the document whose requests keep getting 500s with a typed error, and writes the others", async () => {
    const oracle = createGoldOracle(gold);
    fake.use((body, index) => (regionOf(body) === "平罗县" ? httpError(500) : oracle.respond(body, index)));
    // The breaker off: the other document's answers interleave with these failures, so whether it would
    // open here depends on timing; the outage itself is the next test.
    const config = llmConfig([FIXTURE_PDFS.grid, FIXTURE_PDFS.vertical], { maxRetries: "2", breakerFailures: "0" });
    const outcome = await runPipeline(config, fastRetries);

    expect(outcome.exitCode).toBe(1);
    const grid = outcome.summary.documents.find((document) => document.path === FIXTURE_PDFS.grid)!;
    expect(grid.status).toBe("failed");
    // The document says the units' own cause, not a count: the HTTP 500.
    expect(grid.error).toMatchObject({ code: "llm_http_500", stage: "extract" });
    expect((grid.error as { message: string }).message).toMatch(/^8 of 8 project units could not be extracted: The model endpoint answered HTTP 500/);
    expect(grid.unitErrors).toHaveLength(8);
    expect(grid.unitErrors[0]).toMatchObject({ name: "LlmCallError", code: "llm_http_500", stage: "extract", details: { status: 500 } });
    const records = readRecords(config.outDir);
    expect(records).toHaveLength(6);
    expect(new Set(records.map((record) => record.document.path))).toEqual(new Set([FIXTURE_PDFS.vertical]));
    // 8 units × (1 try + 2 retries) on the grid document, 6 answers for the vertical one.
    expect(fake.requests).toHaveLength(8 * 3 + 6);
  });

  it("with the endpoint down, checks it first, probes once, and fails every document fast with llm_connection in run.json and documents.csv", async () => {
    fake.use(() => HttpResponse.error());
    fake.answerModels = () => HttpResponse.error();
    const config = llmConfig([FIXTURE_PDFS.grid, FIXTURE_PDFS.vertical], { breakerPauseMs: "0" });
    const outcome = await runPipeline(config, fastRetries);

    expect(outcome.exitCode).toBe(1);
    // The pre-flight check and one probe after the pause; not one chat request, where 14 units × 5 attempts were spent before.
    expect(fake.probes).toBe(2);
    expect(fake.requests).toHaveLength(0);
    expect(outcome.summary.totals.llmNotSent).toBeGreaterThanOrEqual(14);
    const run = JSON.parse(readFileSync(path.join(config.outDir, "run.json"), "utf8")) as { documents: Array<{ error: { code: string; message: string } }> };
    for (const document of run.documents) {
      expect(document.error.code).toBe("llm_connection");
      expect(document.error.message).toMatch(/project units could not be extracted: Not sent: the model endpoint is down/);
    }
    const rows = parse(readFileSync(path.join(config.outDir, "documents.csv"), "utf8"), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => row.error_code)).toEqual(["llm_connection", "llm_connection"]);
    expect(rows[0]!.error_message).toContain("model endpoint is down");
  });

  it("records a refusal as that document's typed error, keeping the refusal text", async () => {
    fake.use(() => completion(null, { refusal: "I cannot help with that." }));
    const outcome = await runPipeline(llmConfig([FIXTURE_PDFS.vertical]), fastRetries);
    const document = outcome.summary.documents[0]!;
    expect(document.status).toBe("failed");
    expect(document.unitErrors[0]).toMatchObject({ code: "llm_reply_refusal", details: { rawText: "I cannot help with that.", model: FAKE_MODEL } });
  });

  it("records a timeout as that document's typed error", async () => {
    fake.use(async () => {
      await delay(2_000);
      return completion("{}");
    });
    const outcome = await runPipeline(llmConfig([FIXTURE_PDFS.vertical], { timeoutMs: "100", maxRetries: "0" }), fastRetries);
    expect(outcome.summary.documents[0]!.unitErrors[0]).toMatchObject({ code: "llm_timeout" });
  });

  it("re-asks a unit whose reply is not JSON, counts the tokens the failed attempt cost, and keeps the record", async () => {
    const oracle = createGoldOracle(gold);
    fake.use((body, index) => (index === 0 ? completion("```not json", { promptTokens: 700, completionTokens: 50 }) : oracle.respond(body, index)));
    const config = llmConfig([FIXTURE_PDFS.vertical], { llmConcurrency: "1" });
    const outcome = await runPipeline(config, fastRetries);
    expect(outcome.exitCode).toBe(0);
    const retried = readRecords(config.outDir).find((record) => record.extraction.attempts === 2)!;
    expect(retried.extraction.failedAttemptUsage).toEqual({ promptTokens: 700, completionTokens: 50 });
    expect(outcome.summary.totals.failedAttemptUsage).toEqual({ promptTokens: 700, completionTokens: 50 });
  });

  it("serves a second run of the same input from the response cache with zero HTTP requests", async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), "cache-"));
    const first = await runPipeline(llmConfig([FIXTURE_PDFS.vertical], { cache: true, cacheDir }), { ...fastRetries, keepResults: true });
    expect(fake.requests).toHaveLength(6);
    const secondConfig = llmConfig([FIXTURE_PDFS.vertical], { cache: true, cacheDir });
    const second = await runPipeline(secondConfig, fastRetries);
    expect(fake.requests).toHaveLength(6);
    expect(second.summary.totals).toMatchObject({ llmRequests: 0, llmCacheHits: 6 });
    expect(readRecords(secondConfig.outDir).every((record) => record.extraction.cached)).toBe(true);
    expect(readRecords(secondConfig.outDir).map((record) => record.indicators)).toEqual(first.results[0]!.records.map((record) => record.indicators));
  });

  it("does not serve an endpoint's rejected replies from the cache to the next run: it asks again and succeeds", async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), "cache-"));
    fake.use(() => completion("<html>Service temporarily unavailable</html>"));
    const broken = await runPipeline(llmConfig([FIXTURE_PDFS.vertical], { cache: true, cacheDir }), fastRetries);
    expect(broken.exitCode).toBe(1);
    // One ask and one re-ask per unit, every reply rejected.
    expect(fake.requests).toHaveLength(12);
    fake.requests.length = 0;
    fake.use(createGoldOracle(gold).respond);
    const healthy = await runPipeline(llmConfig([FIXTURE_PDFS.vertical], { cache: true, cacheDir }), fastRetries);
    expect(healthy.exitCode).toBe(0);
    expect(healthy.summary.totals).toMatchObject({ done: 1, projects: 6, llmRequests: 6, llmCacheHits: 0 });
    expect(fake.requests).toHaveLength(6);
  });

  it("bypasses the cache with --no-cache", async () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), "cache-"));
    await runPipeline(llmConfig([FIXTURE_PDFS.vertical], { cache: true, cacheDir }), fastRetries);
    await runPipeline(llmConfig([FIXTURE_PDFS.vertical], { cache: false, cacheDir }), fastRetries);
    expect(fake.requests).toHaveLength(12);
  });

  it("never has more requests in flight than --llm-concurrency, counted at the server", async () => {
    const oracle = createGoldOracle(gold);
    fake.use(async (body, index) => {
      await delay(25);
      return oracle.respond(body, index);
    });
    const outcome = await runPipeline(llmConfig([FIXTURE_PDFS.grid, FIXTURE_PDFS.rowList, FIXTURE_PDFS.vertical], { llmConcurrency: "3" }), fastRetries);
    expect(outcome.exitCode).toBe(0);
    expect(fake.requests).toHaveLength(25);
    expect(fake.peakInFlight).toBeLessThanOrEqual(3);
    expect(fake.peakInFlight).toBeGreaterThanOrEqual(2);
    expect(outcome.summary.totals.llmPeakInFlight).toBeLessThanOrEqual(3);
  });
});

describe("extractor auto", () => {
  it("makes no HTTP call for units the rules read cleanly", async () => {
    const config = llmConfig([FIXTURE_PDFS.grid, FIXTURE_PDFS.rowList, FIXTURE_PDFS.vertical], { extractor: "auto" });
    const outcome = await runPipeline(config, fastRetries);
    expect(fake.requests).toHaveLength(0);
    expect(outcome.summary.totals).toMatchObject({ projects: 25, unitsByExtractor: { rules: 25, llm: 0 }, routedToLlm: 0, llmCallsSaved: 25 });
  });

  it("sends to the LLM exactly the units whose rules result fails validation with a routed code", async () => {
    // 1000百分比 on a 及时率 (seed 003, the second 政府大型公务活动 table) is an error of a code routed here.
    const config = llmConfig([FIXTURE_PDFS.vertical], { extractor: "auto", routeOn: "value_percent_over_100" });
    const outcome = await runPipeline(config, fastRetries);
    expect(fake.requests).toHaveLength(1);
    expect(unitTextOf(fake.requests[0]!.body)).toContain("1000百分比");
    const records = readRecords(config.outDir);
    const routed = records.filter((record) => record.extraction.extractor === "llm");
    expect(routed).toHaveLength(1);
    expect(routed[0]!.extraction.uncertainties).toEqual([expect.stringMatching(/^routed to the LLM: value_percent_over_100 at indicators\.\d+\.value$/)]);
    expect(outcome.summary.totals).toMatchObject({ unitsByExtractor: { rules: 5, llm: 1 }, routedToLlm: 1, llmCallsSaved: 5 });
  });

  it("keeps the rules result, with the reason, when the LLM cannot take over a routed unit", async () => {
    fake.use(() => httpError(503));
    const config = llmConfig([FIXTURE_PDFS.vertical], { extractor: "auto", routeOn: "value_percent_over_100", maxRetries: "0" });
    const outcome = await runPipeline(config, fastRetries);
    expect(outcome.exitCode).toBe(0);
    const kept = readRecords(config.outDir).find((record) => record.extraction.uncertainties.length > 0)!;
    expect(kept.extraction.extractor).toBe("rules");
    expect(kept.extraction.uncertainties.at(-1)).toMatch(/the LLM could not take over \(llm_http_503/);
  });
});
