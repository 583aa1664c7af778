import type { MoneyUnit } from "../../../schemas/extracted-project.js";
import { compact } from "../../domain/cell-text.js";

// Money as the keyed tables and row lists write it: the unit in a label, the amounts as plain decimals.

/**
 * The money unit a label names: `项目资金(万元)`, `资金总额(万元):`, `金额(万元)`, `单位:元`, `单位：万元`. Null for any other
 * text, including amounts that happen to end in 元 (`8 万元` is a value, not a label).
 */
export function moneyUnitOfLabel(text: string): MoneyUnit | null {
  // A label ends in a colon as often as not (`资金总额(万元):`); the unit is the bracket before it.
  const label = compact(text).replace(/[:：]$/u, "");
  const match = /[(（](万元|元)[)）]$/.exec(label) ?? /^(?:金额)?单位[:：](万元|元)$/.exec(label);
  if (!match) return null;
  return match[1] === "万元" ? "万元" : "元";
}

/** True for a cell that only states the unit of the table (`单位:元`), which is neither a key nor a value. */
export function isUnitLabel(text: string): boolean {
  return /^(?:金额)?单位[:：](万元|元)$/.test(compact(text));
}

/** A plain decimal amount as the tables write money (`8.00`, `195000.00`, `0`, `1,200.50`). */
export function isPlainAmount(text: string): boolean {
  return /^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(text.trim());
}

/** An amount cell read: its digits as written, and the unit written after them, if any. */
export interface AmountReading {
  readonly digits: string;
  readonly unit: MoneyUnit | null;
}

/** `8.00` → 8.00; `100.00万元` / `100.00 万元` → 100.00 in 万元; null for anything else (a note, two numbers). */
export function readAmount(text: string): AmountReading | null {
  const match = /^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(万元|元)?$/u.exec(text.trim());
  if (!match) return null;
  // Thousands separators are how the amount is printed, not part of it: digits are an exact decimal string.
  return { digits: match[1]!.replaceAll(",", ""), unit: (match[2] as MoneyUnit | undefined) ?? null };
}
