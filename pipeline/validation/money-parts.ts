import type { Amount, ProjectRecord } from "../../schemas/project-record.js";
import { compact } from "../domain/cell-text.js";
import { formatFen, sumFen } from "../domain/money.js";
import { recordFlag } from "./record-flag.js";
import type { RuleGroup } from "./rule.js";

const AMOUNT_FIELDS = [
  ["total", "年度资金总额"],
  ["fiscal", "财政拨款"],
  ["carryover", "上年结转资金"],
  ["other", "其他资金"],
  ["projectExpenditure", "项目支出"],
  ["basicExpenditure", "基本支出"],
] as const;

/** The amount in the project's unit for a message, e.g. `36.00 万元`. */
function shown(record: ProjectRecord, fen: number): string {
  return record.money.unit ? `${formatFen(fen, record.money.unit)} ${record.money.unit}` : `${fen} 分`;
}

function isWritten(amount: Amount | null): amount is Amount {
  return amount !== null && compact(amount.raw) !== "";
}

/**
 * 财政拨款 (+ 上年结转资金) + 其他资金 = 年度资金总额 when they are stated, likewise 基本支出 + 项目支出 on a
 * department form, and every stated amount a plain decimal. Both are errors: the arithmetic is exact
 * (integer 分), so a difference is real, and an amount that cannot be computed with hides every money check
 * that needs it.
 */
export const MONEY_PARTS_RULES: RuleGroup<"money_parts_mismatch" | "money_unparseable"> = {
  money_parts_mismatch: {
    scope: "record",
    check: (record) => {
      const { total, fiscal, carryover, other, projectExpenditure, basicExpenditure } = record.money;
      const totalFen = total?.fen;
      if (totalFen == null) return [];
      const groups: Array<ReadonlyArray<readonly [string, Amount | null]>> = [
        [["财政拨款", fiscal], ["上年结转资金", carryover], ["其他资金", other]],
        [["基本支出", basicExpenditure], ["项目支出", projectExpenditure]],
      ];
      return groups.flatMap((group) => {
        const stated = group.filter(([, amount]) => amount !== null);
        // The sources add up only when at least two are stated and each is a number (财政拨款 alone says nothing).
        if (stated.length < 2 || stated.some(([, amount]) => amount!.fen === null)) return [];
        const parts = sumFen(stated.map(([, amount]) => amount!.fen!));
        if (parts === totalFen) return [];
        const terms = stated.map(([label, amount]) => `${label} ${shown(record, amount!.fen!)}`).join(" + ");
        return [recordFlag(record, "money_parts_mismatch", "error", "money.total", `${terms} = ${shown(record, parts)}, but 年度资金总额 is ${shown(record, totalFen)}.`)];
      });
    },
  },

  money_unparseable: {
    scope: "record",
    check: (record) =>
      AMOUNT_FIELDS.flatMap(([field, label]) => {
        const amount = record.money[field];
        if (!isWritten(amount) || amount.fen !== null) return [];
        const why =
          record.money.unit === null
            ? "the table does not say whether it is in 万元 or 元"
            : `it is not a plain decimal in ${record.money.unit} (or is finer than one 分)`;
        return [recordFlag(record, "money_unparseable", "error", `money.${field}`, `${label} "${amount.raw}" cannot be computed with: ${why}.`)];
      }),
  },
};
