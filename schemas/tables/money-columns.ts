import { formatFen } from "../../pipeline/domain/money.js";
import type { Amount, ProjectRecord } from "../project-record.js";
import type { TableColumn } from "./table-column.js";

/**
 * An amount in 分 as an exact decimal in 元 (`291_880_000` → `"2918800.00"`), for a `number` column: the
 * digits are computed from the integer, so no binary float touches the money before a writer stores it.
 */
export function yuanText(fen: number | null): string | null {
  return fen === null ? null : formatFen(fen, "元");
}

/**
 * The four columns of one amount: `<name>_yuan`, a number in 元 that sums across documents whatever their
 * unit; `<name>`, the exact decimal in the record's money unit, recomputed from 分 so that `291.880` and
 * `291.88` read the same; `<name>_fen`, the exact integer 分; `<name>_raw`, the text as written, kept when it
 * is not a plain decimal (then the other three are empty and the validate stage has flagged it).
 */
export function moneyColumns(name: string, zh: string, meaning: string, pick: (record: ProjectRecord) => Amount | null): TableColumn<ProjectRecord>[] {
  const notPlain = "empty when the amount is absent or not a plain decimal (see `_raw`)";
  return [
    {
      name,
      zh,
      type: "decimal",
      unit: "money_unit",
      description: `${meaning}: exact decimal in the document's own unit (\`money_unit\`); ${notPlain}`,
      value: (record) => {
        const fen = pick(record)?.fen ?? null;
        return fen === null || record.money.unit === null ? null : formatFen(fen, record.money.unit);
      },
    },
    { name: `${name}_fen`, zh: `${zh}（分）`, type: "integer", unit: "分", description: `${meaning} in integer 分, exact; ${notPlain}`, value: (record) => pick(record)?.fen ?? null },
    { name: `${name}_raw`, zh: `${zh}（原文）`, type: "text", unit: null, description: `${meaning} as written in the document`, value: (record) => pick(record)?.raw ?? null },
    {
      name: `${name}_yuan`,
      zh: `${zh}（元）`,
      type: "number",
      unit: "元",
      description: `${meaning} as a number in 元, computed from the exact 分 (sum this across documents); ${notPlain}`,
      value: (record) => yuanText(pick(record)?.fen ?? null),
    },
  ];
}
