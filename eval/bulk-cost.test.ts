import { describe, expect, it } from "vitest";
import { estimateBulkCost } from "./bulk-cost.js";

const table = { currency: "USD", models: { m: { inputPerMillion: 1, cachedInputPerMillion: 0.25, outputPerMillion: 2 } } };
const units = [
  { promptTokens: 5_000, sharedPrefixTokens: 4_000, completionTokens: 1_000, imageTokens: 1_105 },
  { promptTokens: 7_000, sharedPrefixTokens: 4_000, completionTokens: 3_000, imageTokens: 1_105 },
];

describe("estimateBulkCost", () => {
  it("prices documents × units per document requests of the measured mean size", () => {
    // 1,000 requests × (6,000 in × 1 + 2,000 out × 2) per million = 10.00.
    expect(estimateBulkCost(table, "m", units, 500, 2, { name: "sync", mode: "sync", promptCache: false, vision: false })).toEqual({
      scenario: "sync",
      requests: 1_000,
      promptTokens: 6_000_000,
      cachedPromptTokens: 0,
      completionTokens: 2_000_000,
      cost: "10.00",
    });
  });

  it("takes every request after the first to hit the shared prefix with prompt caching, and halves a batch", () => {
    const cached = estimateBulkCost(table, "m", units, 500, 2, { name: "cached", mode: "sync", promptCache: true, vision: false })!;
    expect(cached.cachedPromptTokens).toBe(999 * 4_000);
    // 10.00 less 3,996,000 cached tokens × 0.75 per million.
    expect(cached.cost).toBe("7.00");
    expect(estimateBulkCost(table, "m", units, 500, 2, { name: "batch", mode: "batch", promptCache: false, vision: false })!.cost).toBe("5.00");
  });

  it("adds the page images' tokens on the vision path, and has no estimate for an unpriced model", () => {
    expect(estimateBulkCost(table, "m", units, 500, 2, { name: "vision", mode: "sync", promptCache: false, vision: true })!.promptTokens).toBe(7_105_000);
    expect(estimateBulkCost(table, "unknown", units, 500, 2, { name: "sync", mode: "sync", promptCache: false, vision: false })).toBeNull();
  });
});
