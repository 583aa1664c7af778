import type { Amount, ProjectRecord } from "../../schemas/project-record.js";
import { formatFen } from "../domain/money.js";
import type { OutputColumn } from "./output-table.js";

/**
 * The three columns of one amount: `<name>` is the exact decimal in the record's money unit, recomputed from
 * 分 so that `291.880` and `291.88` read the same; `<name>_fen` is the integer 分 to add up across documents
 * whatever their unit; `<name>_raw` is the text as written, kept when it is not a plain decimal (then the
 * other two are empty and the validate stage has flagged it).
 */
export function moneyColumns(name: string, pick: (record: ProjectRecord) => Amount | null): OutputColumn<ProjectRecord>[] {
  return [
    {
      name,
      type: "decimal",
      value: (record) => {
        const fen = pick(record)?.fen ?? null;
        return fen === null || record.money.unit === null ? null : formatFen(fen, record.money.unit);
      },
    },
    { name: `${name}_fen`, type: "integer", value: (record) => pick(record)?.fen ?? null },
    { name: `${name}_raw`, type: "text", value: (record) => pick(record)?.raw ?? null },
  ];
}
