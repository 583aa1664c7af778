import { describe, expect, it } from "vitest";
import { neutralizeFormula } from "./neutralize-formula.js";

describe("neutralizeFormula", () => {
  it.each([
    ['=HYPERLINK("http://example.invalid","点击")', `'=HYPERLINK("http://example.invalid","点击")`],
    ["=100%", "'=100%"],
    ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(1,1)", "'@SUM(1,1)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
    ["＝1+1", "'＝1+1"],
    ["-每年复核一次", "'-每年复核一次"],
  ])("prefixes %j, which a spreadsheet would read as a formula", (text, expected) => {
    expect(neutralizeFormula(text)).toBe(expected);
  });

  it.each(["-5", "-5%", "+3.5", "0.5", "≥95%", "信访档案整理", "", "a=b", " =1"])("leaves %j as it is: it cannot start a formula", (text) => {
    expect(neutralizeFormula(text)).toBe(text);
  });
});
