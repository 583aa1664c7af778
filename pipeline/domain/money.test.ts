import { describe, expect, it } from "vitest";
import { formatFen, moneyFromValue, sumFen, toFen, type MoneyUnit } from "./money.js";
import { parseTargetValue } from "./parse-target-value.js";

describe("toFen", () => {
  it.each<[string, MoneyUnit, number]>([
    ["8.00", "万元", 8_000_000],
    ["291.88", "万元", 291_880_000],
    ["195000.00", "元", 19_500_000],
    ["0", "元", 0],
    ["0", "万元", 0],
    ["19.5", "万元", 19_500_000],
    ["1,200.5", "元", 120_050],
    ["1,771,650.00", "元", 177_165_000],
    ["0.000001", "万元", 1],
    ["8.000", "元", 800],
    [" 36.00 ", "万元", 36_000_000],
  ])("reads %s %s as an exact number of 分", (amount, unit, fen) => {
    expect(toFen(amount, unit)).toBe(fen);
  });

  it("gives the same 分 for the overview's 19.5万元 and the project table's 195000.00元", () => {
    expect(toFen("19.5", "万元")).toBe(toFen("195000.00", "元"));
  });

  it.each<[string, MoneyUnit]>([
    ["", "元"],
    ["abc", "元"],
    ["-5", "元"],
    ["1e3", "元"],
    [".5", "元"],
    ["5.", "元"],
    ["1,20.5", "元"],
    ["19.5万", "万元"],
    ["0.001", "元"],
    ["0.0000001", "万元"],
    ["99999999999999999", "元"],
  ])("refuses %s %s rather than round or guess", (amount, unit) => {
    expect(toFen(amount, unit)).toBeNull();
  });
});

describe("formatFen", () => {
  it.each<[number, MoneyUnit, string]>([
    [291_880_000, "万元", "291.88"],
    [8_000_000, "万元", "8.00"],
    [1, "万元", "0.000001"],
    [19_500_000, "元", "195000.00"],
    [5, "元", "0.05"],
    [0, "元", "0.00"],
    [-150, "元", "-1.50"],
  ])("writes %i 分 in %s as %s", (fen, unit, written) => {
    expect(formatFen(fen, unit)).toBe(written);
  });

  it("round-trips every amount toFen accepts", () => {
    for (const amount of ["1.28", "0.96", "168.76", "57.87", "0.5"]) {
      const fen = toFen(amount, "万元");
      expect(fen).not.toBeNull();
      expect(toFen(formatFen(fen ?? 0, "万元"), "万元")).toBe(fen);
    }
  });

  it("throws on a fractional 分, which can only come from a bug", () => {
    expect(() => formatFen(0.5, "元")).toThrow(RangeError);
  });
});

describe("sumFen", () => {
  it("adds 0.1 and 0.2 万元 to exactly 0.3 万元, unlike floats", () => {
    const total = sumFen([toFen("0.1", "万元") ?? 0, toFen("0.2", "万元") ?? 0]);
    expect(total).toBe(toFen("0.3", "万元"));
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it("finds seed 002's 11 project amounts add up to the 291.88 万元 department total", () => {
    const amounts = ["1.28", "1.50", "3.40", "4.25", "0.96", "4.26", "20.00", "168.76", "24.60", "5.00", "57.87"];
    const fens = amounts.map((amount) => toFen(amount, "万元"));
    expect(fens).not.toContain(null);
    const total = sumFen(fens.map((fen) => fen ?? 0));
    expect(total).toBe(toFen("291.88", "万元"));
    expect(formatFen(total, "万元")).toBe("291.88");
  });

  it("adds seed 000's two 会议费 cost rows to the project's 36 万元", () => {
    expect(sumFen([toFen("20", "万元") ?? 0, toFen("16", "万元") ?? 0])).toBe(toFen("36.00", "万元"));
  });

  it("returns 0 for no amounts", () => {
    expect(sumFen([])).toBe(0);
  });

  it("throws when a partial sum leaves the safe-integer range", () => {
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => sumFen([1.5])).toThrow(RangeError);
  });
});

describe("moneyFromValue", () => {
  it.each<[string, number, boolean]>([
    ["8 万元", 8_000_000, false],
    ["≤4.26万元", 4_260_000, false],
    ["≥0.78万元", 780_000, false],
    ["9600元", 960_000, false],
    ["307800元", 30_780_000, false],
    ["5000 元/次", 500_000, true],
    ["3万元/个", 3_000_000, true],
    ["15万元/年", 15_000_000, true],
    ["≤150元/人次", 15_000, true],
    ["3332元/人/月", 333_200, true],
  ])("reads %s as %i 分 (per unit: %s)", (raw, fen, perUnit) => {
    expect(moneyFromValue(parseTargetValue(raw))).toEqual({ fen, perUnit });
  });

  it.each(["50人", "100%", "显著", "", "12月", "8万"])("finds no money in %j", (raw) => {
    expect(moneyFromValue(parseTargetValue(raw))).toBeNull();
  });
});
