import type { Amount, ProjectRecord } from "../../schemas/project-record.js";
import { compact } from "../domain/cell-text.js";
import { formatFen, sumFen } from "../domain/money.js";
import { recordFlag } from "./record-flag.js";
import type { RuleGroup } from "./rule.js";

const AMOUNT_FIELDS = [
  ["total", "年度资金总额"],
  ["fiscal", "财政拨款"],
  ["other", "其他资金"],
] as const;

/** The amount in the project's unit for a message, e.g. `36.00 万元`. */
function shown(record: ProjectRecord, fen: number): string {
  return record.money.unit ? `${formatFen(fen, record.money.unit)} ${record.money.unit}` : `${fen} 分`;
}

function isWritten(amount: Amount | null): amount is Amount {
  return amount !== null && compact(amount.raw) !== "";
}

/**
 * 财政拨款 + 其他资金 = 年度资金总额 when all three are stated, and every stated amount a plain decimal.
 * Both are errors: the arithmetic is exact (integer 分), so a difference is real, and an amount that cannot
 * be computed with hides every money check that needs it.
 */
export const MONEY_PARTS_RULES: RuleGroup<"money_parts_mismatch" | "money_unparseable"> = {
  money_parts_mismatch: {
    scope: "record",
    check: (record) => {
      const { total, fiscal, other } = record.money;
      if (total?.fen == null || fiscal?.fen == null || other?.fen == null) return [];
      const parts = sumFen([fiscal.fen, other.fen]);
      if (parts === total.fen) return [];
      return [
        recordFlag(
          record,
          "money_parts_mismatch",
          "error",
          "money.total",
          `财政拨款 ${shown(record, fiscal.fen)} + 其他资金 ${shown(record, other.fen)} = ${shown(record, parts)}, but 年度资金总额 is ${shown(record, total.fen)}.`,
        ),
      ];
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
