import type { PipelineConfig } from "../config.js";
import { CostCeiling } from "./cost-ceiling.js";
import { findModelPrice } from "./price-table.js";

/** The run's `--max-cost` guard, or null without one (config resolution has already checked the model has a price). */
export function createCostCeiling(config: PipelineConfig): CostCeiling | null {
  if (config.maxCost === null || config.llm === null || config.prices.table === null) return null;
  const found = findModelPrice(config.prices.table, config.llm.model);
  return found ? new CostCeiling(config.maxCost, found.price, config.llmMode.mode) : null;
}
