import { describe, expect, it } from "vitest";
import { isTotalName } from "./total-row.js";

describe("isTotalName", () => {
  it.each([
    ["合计", true],
    ["合 计", true],
    ["小计：", true],
    ["项目合计", true],
    ["本部门总计", true],
    ["某某县教育局", false],
    ["合计发放补助资金项目", false],
    ["", false],
  ])("reads %s as %s", (text, expected) => {
    expect(isTotalName(text)).toBe(expected);
  });
});
