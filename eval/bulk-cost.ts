import { findModelPrice, type PriceTable } from "../pipeline/llm/price-table.js";
import { costOfUsage, formatAmount, type BillingMode } from "../pipeline/llm/token-cost.js";

/** Tokens of one model request for one unit, as measured on real requests (`scripts/estimate-bulk-cost.ts`). */
export interface UnitTokens {
  /** Input tokens of the whole request: schema, system prompt, instructions, the unit's text. */
  readonly promptTokens: number;
  /** Of those, the prefix every unit's request shares byte for byte (what a provider's prompt cache serves). */
  readonly sharedPrefixTokens: number;
  /** Output tokens: the project as JSON. */
  readonly completionTokens: number;
  /** Input tokens of the page images, on the vision path; 0 on the text path. */
  readonly imageTokens: number;
}

export interface BulkScenario {
  readonly name: string;
  readonly mode: BillingMode;
  /** Whether the provider caches the shared prefix (OpenAI: automatic from 1,024 tokens; not for batch pricing here). */
  readonly promptCache: boolean;
  readonly vision: boolean;
}

export interface BulkEstimate {
  readonly scenario: string;
  readonly requests: number;
  readonly promptTokens: number;
  readonly cachedPromptTokens: number;
  readonly completionTokens: number;
  /** Exact decimal in the table's currency. */
  readonly cost: string;
}

/**
 * What `documents` documents cost in one scenario: `unitsPerDocument` requests each, every request the mean of
 * the measured units. With prompt caching every request after the first is taken to hit the shared prefix
 * (a best case: a provider's cache is per server and expires after minutes idle).
 */
export function estimateBulkCost(
  table: PriceTable,
  model: string,
  units: readonly UnitTokens[],
  documents: number,
  unitsPerDocument: number,
  scenario: BulkScenario,
): BulkEstimate | null {
  const found = findModelPrice(table, model);
  if (!found || units.length === 0) return null;
  const requests = Math.round(documents * unitsPerDocument);
  const mean = (pick: (unit: UnitTokens) => number) => units.reduce((total, unit) => total + pick(unit), 0) / units.length;
  const perRequestPrompt = mean((unit) => unit.promptTokens + (scenario.vision ? unit.imageTokens : 0));
  const promptTokens = Math.round(requests * perRequestPrompt);
  const cachedPromptTokens = scenario.promptCache ? Math.round(Math.max(0, requests - 1) * mean((unit) => unit.sharedPrefixTokens)) : 0;
  const completionTokens = Math.round(requests * mean((unit) => unit.completionTokens));
  const cost = costOfUsage(found.price, { promptTokens, completionTokens, cachedPromptTokens }, scenario.mode);
  return { scenario: scenario.name, requests, promptTokens, cachedPromptTokens, completionTokens, cost: formatAmount(cost, 2) };
}
