import { isMoneyUnit, type MoneyUnit, type ParsedValue } from "../../schemas/parsed-value.js";

export type { MoneyUnit };

/** Decimal places from the unit down to 分: 1 元 = 100 分, 1 万元 = 1,000,000 分. */
const FEN_PLACES: Readonly<Record<MoneyUnit, number>> = { 元: 2, 万元: 6 };

const PLAIN_DECIMAL = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * Exact amount in 分 (fen) of a decimal written in 元 or 万元, computed on the digits so that
 * `291.88` never passes through a binary float.
 *
 * Accepts plain non-negative decimals with optional thousands commas (`8.00`, `195000.00`, `1,200.5`).
 * Returns null for anything else, including a value finer than one 分 (more than 2 decimals in 元,
 * more than 6 in 万元): such a value cannot be an integer number of 分 without rounding, and silently
 * rounding money would hide exactly the kind of error a reviewer wants to see. Zeros beyond 分
 * (`8.000` 元) are exact and accepted. Also null when the result exceeds `Number.MAX_SAFE_INTEGER`.
 */
export function toFen(amount: string, unit: MoneyUnit): number | null {
  const match = PLAIN_DECIMAL.exec(amount.trim());
  if (!match) return null;
  const places = FEN_PLACES[unit];
  const integer = (match[1] ?? "").replace(/,/g, "");
  const fraction = match[2] ?? "";
  if (/[1-9]/.test(fraction.slice(places))) return null;
  const fen = BigInt(integer + fraction.slice(0, places).padEnd(places, "0"));
  return fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : null;
}

/**
 * An amount in 分 written back as an exact decimal in `unit`: always 2 decimals (as the documents
 * write money), more in 万元 when the amount needs them. `formatFen(291_880_000, "万元") === "291.88"`.
 * @throws RangeError when `fen` is not a safe integer, which means a bug upstream, not bad input.
 */
export function formatFen(fen: number, unit: MoneyUnit): string {
  assertSafeInteger(fen, "formatFen");
  const places = FEN_PLACES[unit];
  const digits = Math.abs(fen).toString().padStart(places + 1, "0");
  const integer = digits.slice(0, -places);
  const fraction = digits.slice(-places).replace(/0+$/, "").padEnd(2, "0");
  return `${fen < 0 ? "-" : ""}${integer}.${fraction}`;
}

/**
 * Sum of amounts in 分, exact as long as every partial sum stays a safe integer.
 * @throws RangeError when an input or a partial sum is not a safe integer.
 */
export function sumFen(values: readonly number[]): number {
  let total = 0;
  for (const value of values) {
    assertSafeInteger(value, "sumFen");
    total += value;
    assertSafeInteger(total, "sumFen");
  }
  return total;
}

/**
 * The money in a cost indicator's parsed value, or null when the value is not an amount in 万元/元
 * (e.g. `50人` under 资金成本, which a validator flags). `perUnit` is true for a rate such as
 * `5000 元/次` or `3万元/个`: a unit price, which must not be added to project totals.
 * The comparator is ignored: `≤4.26万元` still names 4.26 万元 as the amount at stake.
 */
export function moneyFromValue(parsed: ParsedValue): { fen: number; perUnit: boolean } | null {
  if (parsed.kind !== "numeric" || parsed.number === null || !isMoneyUnit(parsed.unit)) return null;
  const fen = toFen(parsed.number, parsed.unit);
  return fen === null ? null : { fen, perUnit: parsed.rate !== null };
}

function assertSafeInteger(value: number, caller: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${caller}: expected an amount in 分 as a safe integer, got \`${value}\``);
  }
}
