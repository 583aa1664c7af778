import type { ModelPrice, PriceTable } from "./price-table.js";

export interface PriceEstimate {
  /** Estimated USD, or null when the model is not in the table. */
  readonly usd: number | null;
  /** The table entry used (a dated snapshot such as `gpt-4o-mini-2024-07-18` uses `gpt-4o-mini`), or null. */
  readonly priceModel: string | null;
  readonly price: ModelPrice | null;
  /** Why there is no price, said in the report. */
  readonly note: string | null;
}

/**
 * The price of the billed tokens under a model's list price: the exact name first, else the longest table
 * name the model's name starts with followed by `-` (dated snapshots). No model and no tokens (the rules
 * extractor) costs 0; a model missing from the table has no price rather than a guessed one.
 */
export function estimatePrice(table: PriceTable, model: string | null, billed: { promptTokens: number; completionTokens: number }): PriceEstimate {
  if (model === null) {
    const tokens = billed.promptTokens + billed.completionTokens;
    return tokens === 0
      ? { usd: 0, priceModel: null, price: null, note: null }
      : { usd: null, priceModel: null, price: null, note: "tokens were used but the run names no model" };
  }
  const priceModel = Object.hasOwn(table.models, model)
    ? model
    : (Object.keys(table.models)
        .filter((name) => model.startsWith(`${name}-`))
        .sort((a, b) => b.length - a.length)[0] ?? null);
  const price = priceModel === null ? null : (table.models[priceModel] ?? null);
  if (price === null) {
    return { usd: null, priceModel: null, price: null, note: `model "${model}" is not in the price table, so no price is estimated: add it to the --prices file` };
  }
  const usd = (billed.promptTokens * price.inputPerMillion + billed.completionTokens * price.outputPerMillion) / 1_000_000;
  return { usd, priceModel, price, note: null };
}
