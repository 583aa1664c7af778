import type { IndicatorRecord } from "../../schemas/project-record.js";
import { normalizeUnit } from "../../schemas/parsed-value.js";
import { compact } from "../domain/cell-text.js";
import { isRateName } from "../domain/taxonomy.js";
import { costAmount, isMoneyCostIndicator } from "./cost-money.js";
import { eachIndicator } from "./each-indicator.js";
import { indicatorLabel } from "./indicator-label.js";
import { recordFlag } from "./record-flag.js";
import type { RuleGroup } from "./rule.js";
import { effectiveLevel2 } from "./taxonomy-names.js";

function valuePath(index: number): string {
  return `indicators.${index}.value`;
}

/** The value's unit is one we know (`95人百分比` leaves `人百分比`, which is two units run together). */
function hasKnownUnit(indicator: IndicatorRecord): boolean {
  const unit = indicator.value.unit;
  return unit === null || normalizeUnit(unit) !== null;
}

function isPercent(indicator: IndicatorRecord): boolean {
  return indicator.value.kind === "numeric" && indicator.value.unit !== null && normalizeUnit(indicator.value.unit) === "%";
}

/** A share: the name (or, where the table has one, the description) says 率 / 比例 / 占比 …. */
function isRate(indicator: IndicatorRecord): boolean {
  return isRateName(indicator.level3) || (indicator.description !== null && isRateName(indicator.description));
}

function isSatisfaction(indicator: IndicatorRecord): boolean {
  return effectiveLevel2(indicator) === "服务对象满意度指标" || compact(indicator.level3).includes("满意");
}

/**
 * Target values a reviewer cannot take at face value. Errors where the value cannot be right (a share above
 * 100%, a cost in people); warnings where the document is sloppy but its meaning is still there (an empty
 * cell, `95人百分比`, a satisfaction target in other terms); info for a cost target written as a rate
 * (`督查经费成本节约率 ≥5%`), a common way to state cost control that just cannot be checked against money.
 */
export const VALUE_RULES: RuleGroup<
  "value_empty" | "value_percent_over_100" | "value_cost_not_money" | "value_unit_unknown" | "value_satisfaction_not_percent"
> = {
  value_empty: {
    scope: "record",
    check: (record) =>
      eachIndicator(record, (indicator, index) =>
        indicator.value.kind !== "empty"
          ? null
          : recordFlag(record, "value_empty", "warning", valuePath(index), `Indicator ${indicatorLabel(indicator)} has no target value (指标值).`),
      ),
  },

  value_percent_over_100: {
    scope: "record",
    check: (record) =>
      eachIndicator(record, (indicator, index) => {
        if (!isPercent(indicator) || !isRate(indicator) || Number(indicator.value.number) <= 100) return null;
        return recordFlag(
          record,
          "value_percent_over_100",
          "error",
          valuePath(index),
          `Indicator ${indicatorLabel(indicator)} is a rate, but its target "${indicator.value.raw}" is ${indicator.value.number}%, above 100%.`,
        );
      }),
  },

  value_cost_not_money: {
    scope: "record",
    check: (record) =>
      eachIndicator(record, (indicator, index) => {
        if (!isMoneyCostIndicator(indicator) || indicator.value.kind === "empty" || costAmount(indicator) !== null) return null;
        const costRate = isPercent(indicator) && isRate(indicator);
        return recordFlag(
          record,
          "value_cost_not_money",
          costRate ? "info" : "error",
          valuePath(index),
          costRate
            ? `Cost indicator ${indicatorLabel(indicator)} is a rate ("${indicator.value.raw}"), not an amount of money, so it cannot be checked against the project's money.`
            : `Cost indicator ${indicatorLabel(indicator)} has the value "${indicator.value.raw}", which is not an amount of money in 万元 or 元.`,
        );
      }),
  },

  value_unit_unknown: {
    scope: "record",
    check: (record) =>
      eachIndicator(record, (indicator, index) => {
        if (indicator.value.kind !== "numeric" || hasKnownUnit(indicator)) return null;
        return recordFlag(
          record,
          "value_unit_unknown",
          "warning",
          valuePath(index),
          `The target "${indicator.value.raw}" of ${indicatorLabel(indicator)} has the unit "${indicator.value.unit}", which is not a unit (or is two run together).`,
        );
      }),
  },

  value_satisfaction_not_percent: {
    scope: "record",
    check: (record) =>
      eachIndicator(record, (indicator, index) => {
        const { kind } = indicator.value;
        // An unknown unit has its own flag; saying it again here would only add noise.
        if (!isSatisfaction(indicator) || kind === "empty" || kind === "qualitative" || isPercent(indicator) || !hasKnownUnit(indicator)) return null;
        return recordFlag(
          record,
          "value_satisfaction_not_percent",
          "warning",
          valuePath(index),
          `Satisfaction indicator ${indicatorLabel(indicator)} has the target "${indicator.value.raw}", which is neither a percentage nor a qualitative level such as 满意.`,
        );
      }),
  },
};
