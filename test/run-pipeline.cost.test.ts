import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createGoldOracle } from "../eval/gold-oracle.js";
import { loadAllGold } from "../eval/load-gold.js";
import { resolveConfig, type CliOptions } from "../pipeline/config.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import { formatAmount } from "../pipeline/llm/token-cost.js";
import { ProjectRecordSchema } from "../schemas/project-record.js";
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

/**
 * The gold oracle reporting the tokens a real server would: the request's and the reply's own o200k counts
 * (the oracle's fixed 1000/200 would make every request cost the same whatever it carries).
 */
function oracleWithRealTokenCounts(costs: bigint[]): Responder {
  const oracle = createGoldOracle(gold);
  return async (body, index) => {
    const reply = (await (await oracle.respond(body, index)).json()) as { choices: Array<{ message: { content: string } }>; usage: Record<string, unknown> };
    const promptTokens = countTokens(JSON.stringify(body));
    const completionTokens = countTokens(reply.choices[0]!.message.content);
    // fake-model-1: 1 per million in, 2 per million out, in picos.
    costs.push(BigInt(promptTokens) * 1_000_000n + BigInt(completionTokens) * 2_000_000n);
    return HttpResponse.json({ ...reply, usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens } });
  };
}

function readRecords(outDir: string) {
  return readFileSync(path.join(outDir, "records.jsonl"), "utf8").trimEnd().split("\n").map((line) => ProjectRecordSchema.parse(JSON.parse(line)));
}

describe("--max-cost", () => {
  it("stops sending at the request that would cross the ceiling, and leaves the units after it with the rules' reading, flagged and listed", async () => {
    // A run without a ceiling says what each of the grid's 8 requests costs, in the order they are sent.
    const costs: bigint[] = [];
    fake.use(oracleWithRealTokenCounts(costs));
    await runPipeline(config([FIXTURE_PDFS.grid], { llmConcurrency: "1" }));
    expect(costs).toHaveLength(8);
    const afterThree = costs[0]! + costs[1]! + costs[2]!;
    // Room for three and half of the fourth: the fourth would cross it.
    const limit = afterThree + costs[3]! / 2n;

    fake.requests.length = 0;
    fake.use(oracleWithRealTokenCounts([]));
    const settings = config([FIXTURE_PDFS.grid], { llmConcurrency: "1", maxCost: formatAmount(limit, 12) });
    const outcome = await runPipeline(settings);

    expect(fake.requests).toHaveLength(3);
    expect(outcome.exitCode).toBe(0);
    const records = readRecords(settings.outDir);
    expect(records).toHaveLength(8);
    expect(records.slice(0, 3).map((record) => record.extraction.extractor)).toEqual(["llm", "llm", "llm"]);
    for (const record of records.slice(3)) {
      expect(record.extraction).toMatchObject({ extractor: "rules", notSentToModel: "cost_ceiling" });
      expect(record.flags.map((flag) => flag.code)).toContain("llm_not_sent_cost_ceiling");
    }
    expect(records.slice(0, 3).some((record) => record.flags.some((flag) => flag.code === "llm_not_sent_cost_ceiling"))).toBe(false);

    const summary = RunSummarySchema.parse(JSON.parse(readFileSync(path.join(settings.outDir, "run.json"), "utf8")));
    expect(summary.totals.costCeiling).toMatchObject({
      limit: formatAmount(limit),
      spent: formatAmount(afterThree),
      reached: true,
      requestsAdmitted: 3,
      requestsRefused: 5,
      firstRefusedRequest: 4,
    });
    expect(summary.totals.costCeiling!.unitsLeftForRules.map((entry) => entry.unit)).toEqual([3, 4, 5, 6, 7]);
    expect(summary.totals.costCeiling!.unitsLeftForRules.map((entry) => entry.recordId)).toEqual(records.slice(3).map((record) => record.id));
  });

  it("in auto, keeps the rules' reading of a routed unit the ceiling kept from the model", async () => {
    const settings = config([FIXTURE_PDFS.vertical], { extractor: "auto", routeOn: "value_percent_over_100", maxCost: "0.000001" });
    const outcome = await runPipeline(settings);
    expect(fake.requests).toHaveLength(0);
    const left = readRecords(settings.outDir).filter((record) => record.extraction.notSentToModel === "cost_ceiling");
    expect(left).toHaveLength(1);
    expect(left[0]!.extraction.extractor).toBe("rules");
    expect(outcome.summary.totals.costCeiling).toMatchObject({ reached: true, requestsAdmitted: 0, requestsRefused: 1, firstRefusedRequest: 1 });
  });

  it("refuses at start-up a ceiling for a model the price table has no price for", () => {
    expect(() => config([FIXTURE_PDFS.vertical], { model: "unpriced-model", maxCost: "5" })).toThrow(/--max-cost 5.000000 needs a price for model "unpriced-model"/);
  });
});
