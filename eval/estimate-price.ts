import { findModelPrice, type ModelPrice, type PriceTable } from "./price-table.js";
import { cacheSaving, costOfUsage } from "../pipeline/llm/token-cost.js";

export interface PriceEstimate {
  /** Estimated USD, or null when the model is not in the table. */
  readonly usd: number | null;
  /** What the provider's prompt cache saved against the full input price, USD (0 without cached tokens), or null. */
  readonly cacheSavingUsd: number | null;
  /** The table entry used (a dated snapshot such as `gpt-4o-mini-2024-07-18` uses `gpt-4o-mini`), or null. */
  readonly priceModel: string | null;
  readonly price: ModelPrice | null;
  /** Why there is no price, said in the report. */
  readonly note: string | null;
}

export interface BilledTokens {
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Of `promptTokens`, served from the provider's prompt cache (billed at the cached-input price). */
  readonly cachedPromptTokens?: number;
}

const PICOS_PER_UNIT = 1e12;

/**
 * The price of the billed tokens under a model's list price (cached input at its own price where the table
 * has one). No model and no tokens (the rules extractor) costs 0; a model missing from the table has no price
 * rather than a guessed one.
 */
export function estimatePrice(table: PriceTable, model: string | null, billed: BilledTokens): PriceEstimate {
  if (model === null) {
    const tokens = billed.promptTokens + billed.completionTokens;
    return tokens === 0
      ? { usd: 0, cacheSavingUsd: 0, priceModel: null, price: null, note: null }
      : { usd: null, cacheSavingUsd: null, priceModel: null, price: null, note: "tokens were used but the run names no model" };
  }
  const found = findModelPrice(table, model);
  if (found === null) {
    return {
      usd: null,
      cacheSavingUsd: null,
      priceModel: null,
      price: null,
      note: `model "${model}" is not in the price table, so no price is estimated: add it to the --prices file`,
    };
  }
  // Exact in picos, then one conversion for display: the report shows four decimals.
  const usd = Number(costOfUsage(found.price, billed)) / PICOS_PER_UNIT;
  const cacheSavingUsd = Number(cacheSaving(found.price, billed)) / PICOS_PER_UNIT;
  return { usd, cacheSavingUsd, priceModel: found.priceModel, price: found.price, note: null };
}
