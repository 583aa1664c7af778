import { describe, expect, it } from "vitest";
import { textSimilarity } from "./text-similarity.js";

describe("textSimilarity", () => {
  it("is 1 for names that differ only in whitespace and line breaks", () => {
    expect(textSimilarity("政务网络、政府办局域网\n运行维护费", "政务网络、政府办局域网 运行维护费")).toBe(1);
  });

  it("stays high when one character was misread", () => {
    expect(textSimilarity("会议材料印刷出错率", "会议材料印刷出错車")).toBeGreaterThan(0.8);
  });

  it("is low for different indicators that share a common word", () => {
    expect(textSimilarity("虚构的会议场次统计", "印刷各类会议材料")).toBeLessThan(0.3);
  });

  it("is 0 against an empty name, and 1 between two empty names", () => {
    expect(textSimilarity("", "使用人员满意度")).toBe(0);
    expect(textSimilarity(" ", "")).toBe(1);
  });

  it("counts a repeated bigram only as often as both sides have it", () => {
    expect(textSimilarity("满意满意", "满意")).toBeCloseTo((2 * 1) / (3 + 1));
  });
});
