import type { MoneyUnit } from "../domain/money.js";

const FEN_PLACES: Readonly<Record<MoneyUnit, number>> = { 元: 2, 万元: 6 };

/**
 * How far, in 分, an exact amount may be from an amount written as `written` in `unit` and still be the
 * same amount rounded to the digits written: half of the last written digit. `19.5` 万元 stands for
 * anything from 19.45 to 19.55 万元 (±50,000 分); `177.17` 万元 covers the table's 1771650.00 元;
 * `8.00` 元 covers nothing but itself (±0.5 分, i.e. exact).
 */
export function roundingTolerance(written: string, unit: MoneyUnit): number {
  const decimals = /\.(\d+)$/.exec(written.trim())?.[1]?.length ?? 0;
  const places = FEN_PLACES[unit];
  return decimals >= places ? 0 : 10 ** (places - decimals) / 2;
}
