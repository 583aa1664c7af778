import { describe, expect, it } from "vitest";
import { diffCharacters } from "./diff-characters.js";
import { escapeHtml } from "./escape-html.js";
import { trimEvidence } from "./trim-evidence.js";

describe("diffCharacters", () => {
  it("marks only the characters one side has, Chinese characters as one unit each", () => {
    expect(diffCharacters("维护群众合法权益, 确保", "维护群众合法权益,确保")).toEqual([
      { kind: "same", text: "维护群众合法权益," },
      { kind: "gold", text: " " },
      { kind: "same", text: "确保" },
    ]);
    expect(diffCharacters("≥95%", "≥90%")).toEqual([
      { kind: "same", text: "≥9" },
      { kind: "gold", text: "5" },
      { kind: "got", text: "0" },
      { kind: "same", text: "%" },
    ]);
  });

  it("rebuilds each side from its segments, also for texts too long for the table", () => {
    const long = "项目".repeat(2_000);
    for (const [gold, got] of [["", "abc"], ["abc", ""], ["会议费及公务活动费", "会议及公务费用"], [long + "甲", long + "乙"], ["😀a", "😀b"]] as const) {
      const segments = diffCharacters(gold, got);
      expect(segments.filter((segment) => segment.kind !== "got").map((segment) => segment.text).join("")).toBe(gold);
      expect(segments.filter((segment) => segment.kind !== "gold").map((segment) => segment.text).join("")).toBe(got);
    }
  });
});

describe("trimEvidence", () => {
  const text = "一、产出指标\n(一)数量指标:\n1.储备应急防护物资品种 ≥10种 2.储备消杀药品 ≥2吨\n(二)质量指标:\n1.应急物资储备合格率 100%\n" + "其他内容".repeat(40);

  it("cuts the page text down to the value it cites, whitespace in the page ignored", () => {
    const trimmed = trimEvidence({ page: 2, text }, ["储备消杀药品≥2吨"]);
    expect(trimmed.match).toBe("储备消杀药品 ≥2吨");
    expect(trimmed.cutAfter).toBe(true);
    expect((trimmed.before + trimmed.match + trimmed.after).length).toBeLessThan(100);
  });

  it("falls back on the next value, then on the start of the text", () => {
    expect(trimEvidence({ page: 2, text }, ["not there", "合格率"]).match).toBe("合格率");
    const none = trimEvidence({ page: 2, text }, ["not there"]);
    expect(none.match).toBe("");
    expect(none.before.length).toBe(120);
  });
});

describe("escapeHtml", () => {
  it("leaves no markup a document could smuggle in", () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&\``)).toBe("&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;&#96;");
  });
});
