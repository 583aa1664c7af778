import type { TokenUsage } from "../../schemas/project-record.js";
import type { ModelPrice } from "./price-table.js";

/**
 * Money in millionths of a millionth of the currency unit (1e-12), as a bigint: a price per million tokens with
 * up to six decimals times a token count is then exact, and sums of a province's worth of requests neither
 * round nor overflow. Binary floats would drift with every addition.
 */
export type PicoAmount = bigint;

/** OpenAI's Batch API bills input and output at half the synchronous list price. */
export const BATCH_PRICE_NUMERATOR = 1n;
export const BATCH_PRICE_DENOMINATOR = 2n;

export type BillingMode = "sync" | "batch";

/** A price per million tokens as picos per token: 0.075 per million is 75,000 per token. */
function perToken(perMillion: number): bigint {
  return BigInt(Math.round(perMillion * 1_000_000));
}

/** What the tokens of `usage` cost: uncached input, cached input, output; a batch at half of that. */
export function costOfUsage(price: ModelPrice, usage: TokenUsage, mode: BillingMode = "sync"): PicoAmount {
  const cached = BigInt(Math.min(usage.cachedPromptTokens ?? 0, usage.promptTokens));
  const uncached = BigInt(usage.promptTokens) - cached;
  const full =
    uncached * perToken(price.inputPerMillion) +
    cached * perToken(price.cachedInputPerMillion ?? price.inputPerMillion) +
    BigInt(usage.completionTokens) * perToken(price.outputPerMillion);
  return mode === "batch" ? (full * BATCH_PRICE_NUMERATOR) / BATCH_PRICE_DENOMINATOR : full;
}

/** What the prompt cache saved on `usage`: its cached tokens at the input price less the cached-input price. */
export function cacheSaving(price: ModelPrice, usage: TokenUsage): PicoAmount {
  const cached = BigInt(Math.min(usage.cachedPromptTokens ?? 0, usage.promptTokens));
  return cached * (perToken(price.inputPerMillion) - perToken(price.cachedInputPerMillion ?? price.inputPerMillion));
}

const PICOS = 1_000_000_000_000n;

/** An amount as a decimal string with `decimals` places (rounded half up): `formatAmount(4_200_000_000n)` is "0.004200". */
export function formatAmount(amount: PicoAmount, decimals = 6): string {
  const negative = amount < 0n;
  const magnitude = negative ? -amount : amount;
  const scale = 10n ** BigInt(12 - decimals);
  const rounded = (magnitude + scale / 2n) / scale;
  const text = rounded.toString().padStart(decimals + 1, "0");
  const whole = text.slice(0, text.length - decimals);
  const fraction = text.slice(text.length - decimals);
  return `${negative ? "-" : ""}${whole}${decimals > 0 ? `.${fraction}` : ""}`;
}

/** A decimal amount as written (`5`, `0.0049`, `12.50`) to picos, exactly; null when it is not one. */
export function parseAmount(text: string): PicoAmount | null {
  const match = /^(\d+)(?:\.(\d{1,12}))?$/.exec(text.trim());
  if (!match) return null;
  return BigInt(match[1]!) * PICOS + BigInt((match[2] ?? "").padEnd(12, "0"));
}
