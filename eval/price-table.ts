// The price table is the pipeline's (it prices --max-cost and the run summary); the eval reads the same one.
export { findModelPrice, ModelPriceSchema, PriceTableSchema, type ModelPrice, type PriceTable } from "../pipeline/llm/price-table.js";
