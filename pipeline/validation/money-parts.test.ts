import { describe, expect, it } from "vitest";
import type { MoneyUnit } from "../../schemas/extracted-project.js";
import type { FlagCode } from "../../schemas/flag-codes.js";
import { projectRecord, raisedOn } from "./test-records.js";

interface Case {
  readonly behaviour: string;
  readonly unit: MoneyUnit | null;
  readonly total: string;
  readonly fiscal: string | null;
  readonly other: string | null;
  readonly flags: readonly { code: FlagCode; path: string }[];
}

const CASES: readonly Case[] = [
  { behaviour: "stays silent when 8.00 = 8.00 + 0.00 万元 (seed 000 政务网络)", unit: "万元", total: "8.00", fiscal: "8.00", other: "0.00", flags: [] },
  {
    behaviour: "flags 财政拨款 + 其他资金 that do not make the total (seed 000 政务网络 with 7.00)",
    unit: "万元",
    total: "8.00",
    fiscal: "7.00",
    other: "0.00",
    flags: [{ code: "money_parts_mismatch", path: "money.total" }],
  },
  { behaviour: "stays silent when 195000.00 = 195000.00 + 0 元 (seed 003 网络改造)", unit: "元", total: "195000.00", fiscal: "195000.00", other: "0", flags: [] },
  { behaviour: "does not compare when 其他资金 is not stated (seed 002 rows give one amount)", unit: "万元", total: "1.28", fiscal: "1.00", other: null, flags: [] },
  { behaviour: "accepts thousands separators", unit: "元", total: "1,771,650.00", fiscal: "1771650.00", other: "0", flags: [] },
  {
    behaviour: "flags an amount that is not a plain decimal (seed 003 overview style 19.5万 in a 元 table)",
    unit: "元",
    total: "19.5万",
    fiscal: "195000.00",
    other: "0",
    flags: [{ code: "money_unparseable", path: "money.total" }],
  },
  {
    behaviour: "flags every amount when the table does not say 万元 or 元",
    unit: null,
    total: "36.00",
    fiscal: "36.00",
    other: "",
    flags: [
      { code: "money_unparseable", path: "money.total" },
      { code: "money_unparseable", path: "money.fiscal" },
    ],
  },
];

const CODES: readonly FlagCode[] = ["money_parts_mismatch", "money_unparseable"];

describe("money parts rules", () => {
  it.each(CASES)("$behaviour", ({ unit, total, fiscal, other, flags }) => {
    const record = projectRecord({ name: "政务网络、政府办局域网运行维护费", moneyUnit: unit, total, fiscal, other });
    expect(CODES.flatMap((code) => raisedOn(code, record)).map(({ code, path }) => ({ code, path }))).toEqual(flags);
  });

  it("states the sum it computed in the project's unit", () => {
    const record = projectRecord({ name: "政务网络、政府办局域网运行维护费", total: "8.00", fiscal: "7.00", other: "0.00" });
    expect(raisedOn("money_parts_mismatch", record)[0]?.message).toBe(
      "财政拨款 7.00 万元 + 其他资金 0.00 万元 = 7.00 万元, but 年度资金总额 is 8.00 万元.",
    );
  });
});
