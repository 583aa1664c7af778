import { z } from "zod";

/** The price of one model per one million tokens, in the table's currency. */
export const ModelPriceSchema = z.object({
  inputPerMillion: z.number().nonnegative(),
  /**
   * Input tokens the provider served from its prompt cache (a repeated prefix of 1,024 tokens or more).
   * Absent: no discount is known and cached tokens are priced as input.
   */
  cachedInputPerMillion: z.number().nonnegative().optional(),
  outputPerMillion: z.number().nonnegative(),
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

/** `eval/prices.json`: model name → price. `note` says where the prices come from and when they were checked. */
export const PriceTableSchema = z.object({
  note: z.string().optional(),
  /** What the prices are in; `--max-cost` is in the same currency. @default "USD" */
  currency: z.string().default("USD"),
  models: z.record(z.string(), ModelPriceSchema),
});
export type PriceTable = z.infer<typeof PriceTableSchema>;

/**
 * The table entry for a model: the exact name first, else the longest table name the model's name starts with
 * followed by `-` (a dated snapshot such as `gpt-4o-mini-2024-07-18` uses `gpt-4o-mini`), else null.
 */
export function findModelPrice(table: PriceTable, model: string): { readonly priceModel: string; readonly price: ModelPrice } | null {
  const priceModel = Object.hasOwn(table.models, model)
    ? model
    : (Object.keys(table.models)
        .filter((name) => model.startsWith(`${name}-`))
        .sort((a, b) => b.length - a.length)[0] ?? null);
  const price = priceModel === null ? undefined : table.models[priceModel];
  return priceModel !== null && price !== undefined ? { priceModel, price } : null;
}
