import { z } from "zod";

/** USD per one million tokens for one model. */
export const ModelPriceSchema = z.object({
  inputPerMillion: z.number().nonnegative(),
  outputPerMillion: z.number().nonnegative(),
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

/** `eval/prices.json`: model name → price. `note` says where the prices come from and when they were checked. */
export const PriceTableSchema = z.object({
  note: z.string().optional(),
  models: z.record(z.string(), ModelPriceSchema),
});
export type PriceTable = z.infer<typeof PriceTableSchema>;
