import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../test/helpers.js";
import { PriceTableError } from "./eval-errors.js";
import { estimatePrice } from "./estimate-price.js";
import { loadPriceTable } from "./load-price-table.js";

const table = {
  currency: "USD",
  models: { "gpt-4o": { inputPerMillion: 2.5, cachedInputPerMillion: 1.25, outputPerMillion: 10 }, "gpt-4o-mini": { inputPerMillion: 0.15, outputPerMillion: 0.6 } },
};
const usage = { promptTokens: 2_000_000, completionTokens: 500_000 };

describe("estimatePrice", () => {
  it("prices input and output tokens per million at the model's rate", () => {
    expect(estimatePrice(table, "gpt-4o", usage)).toMatchObject({ usd: 10, priceModel: "gpt-4o", note: null });
  });

  it("prices the input tokens the provider's prompt cache served at the cached-input price, and says what that saved", () => {
    const estimate = estimatePrice(table, "gpt-4o", { ...usage, cachedPromptTokens: 1_500_000 });
    // 500k × 2.5 + 1.5M × 1.25 + 500k × 10, per million.
    expect(estimate.usd).toBe(8.125);
    expect(estimate.cacheSavingUsd).toBe(1.875);
  });

  it("prices cached tokens as input where the table knows no cached-input price", () => {
    expect(estimatePrice(table, "gpt-4o-mini", { ...usage, cachedPromptTokens: 1_000_000 })).toMatchObject({ usd: expect.closeTo(0.6, 9), cacheSavingUsd: 0 });
  });

  it("prices a dated snapshot at its model's rate, choosing the longest name that fits", () => {
    expect(estimatePrice(table, "gpt-4o-mini-2024-07-18", usage)).toMatchObject({ usd: expect.closeTo(0.6, 9), priceModel: "gpt-4o-mini" });
  });

  it("gives no price for a model missing from the table, and says so", () => {
    const estimate = estimatePrice(table, "qwen2.5-72b-instruct", usage);
    expect(estimate.usd).toBeNull();
    expect(estimate.note).toMatch(/"qwen2.5-72b-instruct" is not in the price table/);
  });

  it("costs nothing when no model was used", () => {
    expect(estimatePrice(table, null, { promptTokens: 0, completionTokens: 0 }).usd).toBe(0);
  });
});

describe("loadPriceTable", () => {
  it("reads the shipped price table", async () => {
    const shipped = await loadPriceTable(path.join(repoRoot, "eval/prices.json"));
    expect(shipped.models["gpt-4o-mini"]).toEqual({ inputPerMillion: 0.15, cachedInputPerMillion: 0.075, outputPerMillion: 0.6 });
    expect(shipped.currency).toBe("USD");
  });

  it("rejects a file that is not a price table with a typed error naming the file", async () => {
    const file = path.join(repoRoot, "fixtures/gold/seed-003-vertical.gold.json");
    const error = await loadPriceTable(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PriceTableError);
    expect((error as PriceTableError).message).toContain(file);
  });
});
