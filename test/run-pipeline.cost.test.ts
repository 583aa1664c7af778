import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createGoldOracle } from "../eval/gold-oracle.js";
import { loadAllGold } from "../eval/load-gold.js";
import { resolveConfig, type CliOptions } from "../pipeline/config.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import { RunSummarySchema } from "../schemas/run-summary.js";
import { FAKE_BASE_URL, FAKE_MODEL, FakeModel, type Responder } from "./fake-model.js";
import { FIXTURE_PDFS, repoRoot } from "./helpers.js";

const gold = loadAllGold();
const fake = new FakeModel(createGoldOracle(gold).respond);
// fake-model-1 at 1 per million input tokens, 0.25 per million cached input tokens, 2 per million output tokens.
const PRICES = path.join(repoRoot, "fixtures/eval/prices.json");

beforeAll(() => fake.listen());
afterEach(async () => {
  await vi.waitUntil(() => fake.inFlight === 0, { timeout: 5_000 });
  fake.requests.length = 0;
  fake.use(createGoldOracle(gold).respond);
});
afterAll(() => fake.close());

function config(inputs: string[], options: CliOptions = {}) {
  const out = mkdtempSync(path.join(tmpdir(), "run-cost-"));
  return resolveConfig(
    { inputs, out, extractor: "llm", model: FAKE_MODEL, baseUrl: FAKE_BASE_URL, apiKey: "k", cache: false, progress: "none", prices: PRICES, ...options },
    {},
    false,
  );
}

/** The gold oracle's answers with `usage.prompt_tokens_details.cached_tokens` as a provider that cached the prefix sends it. */
function oracleWithCachedTokens(cachedTokens: number): Responder {
  const oracle = createGoldOracle(gold);
  return async (body, index) => {
    const reply = (await (await oracle.respond(body, index)).json()) as { usage: Record<string, unknown> };
    return HttpResponse.json({ ...reply, usage: { ...reply.usage, prompt_tokens_details: { cached_tokens: cachedTokens } } });
  };
}

describe("the run summary's cost", () => {
  it("records the tokens the provider's prompt cache served, on each record and in run.json, with the share and the saving", async () => {
    fake.use(oracleWithCachedTokens(800));
    const settings = config([FIXTURE_PDFS.grid]);
    const outcome = await runPipeline(settings);
    expect(outcome.exitCode).toBe(0);

    const records = readFileSync(path.join(settings.outDir, "records.jsonl"), "utf8").trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(records).toHaveLength(8);
    for (const record of records) expect(record.extraction.usage).toEqual({ promptTokens: 1000, completionTokens: 200, cachedPromptTokens: 800 });

    const summary = RunSummarySchema.parse(JSON.parse(readFileSync(path.join(settings.outDir, "run.json"), "utf8")));
    // Per request: 200 uncached × 1 + 800 cached × 0.25 + 200 out × 2 = 800 millionths; the cache saved 800 × 0.75.
    expect(summary.totals.cost).toEqual({
      currency: "USD",
      priceModel: FAKE_MODEL,
      billing: "sync",
      billedUsage: { promptTokens: 8000, completionTokens: 1600, cachedPromptTokens: 6400 },
      amount: "0.006400",
      promptCache: { cachedPromptTokens: 6400, hitShare: 0.8, saving: "0.004800" },
    });
  });

  it("says nothing was cached when the server reports no cached tokens, and prices all input at the full price", async () => {
    const outcome = await runPipeline(config([FIXTURE_PDFS.vertical]));
    expect(outcome.summary.totals.cost).toMatchObject({ amount: "0.008400", promptCache: { cachedPromptTokens: 0, hitShare: 0, saving: "0.000000" } });
  });
});
