import type { Flag } from "../../schemas/flag.js";
import { formatFen, sumFen } from "../domain/money.js";
import { isCostIndicator } from "../domain/taxonomy.js";
import { costAmount } from "./cost-money.js";
import { recordFlag } from "./record-flag.js";
import type { RuleGroup } from "./rule.js";

/**
 * Cost indicators stated in money must not add up to more than the project's 年度资金总额. Unit prices are
 * left out (they multiply by a quantity we cannot trust), comparators are ignored (`≥0.5万元` still puts
 * 0.5 万元 at stake), and 万元 and 元 are compared exactly in 分. Less than the total is fine: not every
 * cost is broken out. An error, because the arithmetic is exact.
 */
export const MONEY_COST_RULES: RuleGroup<"money_cost_exceeds_total"> = {
  money_cost_exceeds_total: {
    scope: "record",
    check: (record): Flag[] => {
      const total = record.money.total?.fen;
      const unit = record.money.unit;
      if (total == null || unit === null) return [];
      const costs = record.indicators.flatMap((indicator) => {
        if (!isCostIndicator(indicator.level1, indicator.level2)) return [];
        const amount = costAmount(indicator);
        return amount === null || amount.perUnit ? [] : [{ indicator, fen: amount.fen }];
      });
      const sum = sumFen(costs.map((cost) => cost.fen));
      if (sum <= total) return [];
      const shown = (fen: number) => `${formatFen(fen, unit)} ${unit}`;
      const terms = costs.map((cost) => `"${cost.indicator.level3}" ${cost.indicator.value.raw}`).join(" + ");
      return [
        recordFlag(
          record,
          "money_cost_exceeds_total",
          "error",
          "money.total",
          `Cost indicators add up to ${shown(sum)} (${terms}), more than the project's 年度资金总额 of ${shown(total)}.`,
        ),
      ];
    },
  },
};

