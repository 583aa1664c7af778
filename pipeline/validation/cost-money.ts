import type { IndicatorRecord } from "../../schemas/project-record.js";
import { compact } from "../domain/cell-text.js";
import { moneyFromValue } from "../domain/money.js";
import { canonicalLevel1, canonicalLevel2 } from "./taxonomy-names.js";

/** Rates that still name the whole annual amount: a project's money is for one budget year. */
const ANNUAL_RATE = /^\/(?:年|年度|全年)$/;

/**
 * Cost indicators that are meant to be stated in money: 成本指标 under 产出指标 and 经济成本指标 under the
 * newer level 1 成本指标. 社会成本指标 and 生态环境成本指标 describe harm, usually in words, so they are not.
 */
export function isMoneyCostIndicator(indicator: IndicatorRecord): boolean {
  const level2 = canonicalLevel2(indicator.level2);
  if (level2 === "成本指标" || level2 === "经济成本指标") return true;
  return canonicalLevel1(indicator.level1) === "成本指标" && compact(indicator.level2) === "";
}

/**
 * The money a cost indicator's value states, or null when it states none. `perUnit` is true for a unit
 * price (`5000元/次`, `300元/人`, `≤150元/人次`), which must not be added up against the project's money;
 * `15万元/年` is the year's amount, so it is not a unit price.
 */
export function costAmount(indicator: IndicatorRecord): { fen: number; perUnit: boolean } | null {
  const money = moneyFromValue(indicator.value);
  if (money === null) return null;
  const annual = indicator.value.rate !== null && ANNUAL_RATE.test(indicator.value.rate);
  return { fen: money.fen, perUnit: money.perUnit && !annual };
}
