import type { TokenUsage } from "../../schemas/project-record.js";
import type { RunCost } from "../../schemas/run-summary.js";
import { findModelPrice, type PriceTable } from "./price-table.js";
import { cacheSaving, costOfUsage, formatAmount, type BillingMode } from "./token-cost.js";

/**
 * What the run's billed tokens cost and what the provider's prompt cache did for it: the share of billed input
 * tokens it served (`cached_tokens`) and what that saved against the full input price. No price when the model
 * is not in the table (or no table could be read); the token counts are still given.
 */
export function summarizeCost(table: PriceTable | null, model: string | null, billed: TokenUsage, mode: BillingMode): RunCost {
  const cachedPromptTokens = billed.cachedPromptTokens ?? 0;
  const found = table && model ? findModelPrice(table, model) : null;
  return {
    currency: table?.currency ?? null,
    priceModel: found?.priceModel ?? null,
    billing: mode,
    billedUsage: billed,
    amount: found ? formatAmount(costOfUsage(found.price, billed, mode)) : null,
    promptCache: {
      cachedPromptTokens,
      hitShare: billed.promptTokens === 0 ? null : Number((cachedPromptTokens / billed.promptTokens).toFixed(4)),
      saving: found ? formatAmount(mode === "batch" ? cacheSaving(found.price, billed) / 2n : cacheSaving(found.price, billed)) : null,
    },
  };
}
