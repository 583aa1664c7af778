import { describe, expect, it } from "vitest";
import type { OcrAlternative, PdfDocument, TextItem } from "../../schemas/layout.js";
import { repairMisreads } from "./repair-misreads.js";

/** A fake OCR line: every character at `confidence` unless `unsure` says otherwise, with the runner-ups given. */
function read(text: string, options: { confidence?: number; unsure?: Record<number, number>; alternatives?: OcrAlternative[]; width?: number; at?: { x: number; y: number } } = {}): TextItem {
  const characters = [...text].map((_character, index) => options.unsure?.[index] ?? options.confidence ?? 0.99);
  return {
    text,
    box: { x: options.at?.x ?? 100, y: options.at?.y ?? 100, width: options.width ?? text.length * 12, height: 12 },
    ocr: { confidence: characters.reduce((a, b) => a + b, 0) / characters.length, characters, ...(options.alternatives ? { alternatives: options.alternatives } : {}) },
  };
}

function scan(items: TextItem[], source: "ocr" | "text-layer" = "ocr"): PdfDocument {
  return { path: "scan.pdf", sha256: "0".repeat(64), pageCount: 1, pages: [{ number: 1, width: 600, height: 800, source, items, rulings: [] }] };
}

const repaired = (items: TextItem[], source: "ocr" | "text-layer" = "ocr") => repairMisreads(scan(items, source)).pages[0]!.items;

/** A `≥` torn with `>` as the scanned seeds read them (0.39–0.83 with `>` second). */
const tornInclusive = (text: string) => read(text, { unsure: { 0: 0.55 }, alternatives: [{ index: 0, character: ">", probability: 0.25 }] });

describe("repairMisreads: letters among digits", () => {
  it("reads o/O as 0 and l/I as 1 inside a number, and keeps what was read", () => {
    const [percent, leading, money] = repaired([read("合格率1o0%"), read("I00%"), read("≤0.o5万元")]);
    expect(percent!.text).toBe("合格率100%");
    expect(percent!.ocr?.raw).toBe("合格率1o0%");
    expect(percent!.ocr?.repairs).toEqual([expect.stringContaining('"o" among digits read as "0"')]);
    expect(leading!.text).toBe("100%");
    expect(money!.text).toBe("≤0.05万元");
  });

  it("leaves codes and words where letters touch the digits", () => {
    const items = [read("13063621UKW4RETORBYCO"), read("No.5"), read("2021年I类"), read("OK")];
    expect(repaired(items)).toEqual(items);
  });

  it("changes nothing on a page that has a text layer", () => {
    const items = [read("1o0%")];
    expect(repaired(items, "text-layer")).toEqual(items);
  });
});

describe("repairMisreads: comparators", () => {
  it("reads a > torn with ≥ as ≥ where the document writes ≥/≤, settled", () => {
    const misread = read(">90百分比", { unsure: { 0: 0.29 }, alternatives: [{ index: 0, character: "≥", probability: 0.26 }] });
    const [fixed, kept] = repaired([misread, tornInclusive("≥90百分比"), tornInclusive("≤10百分比")]);
    expect(fixed!.text).toBe("≥90百分比");
    expect(fixed!.ocr?.raw).toBe(">90百分比");
    expect(fixed!.ocr?.characters?.[0]).toBe(1);
    expect(fixed!.ocr?.repairs).toEqual([expect.stringContaining("the document writes ≥/≤")]);
    // A ≥ torn with > is settled by the same evidence: it stays ≥, no longer doubted at the glyph's 0.55.
    expect(kept!.text).toBe("≥90百分比");
    expect(kept!.ocr?.characters?.[0]).toBe(1);
    expect(kept!.ocr?.repairs).toBeUndefined();
  });

  it("keeps a > the recognizer was sure of, and then trusts no torn > either", () => {
    const real = read(">99%", { confidence: 0.97 });
    const torn = read(">90%", { unsure: { 0: 0.3 }, alternatives: [{ index: 0, character: "≥", probability: 0.28 }] });
    const [first, second] = repaired([real, torn, tornInclusive("≥95%"), tornInclusive("≥80%")]);
    expect(first).toEqual(real);
    expect(second!.text).toBe(">90%");
  });

  it("keeps a > whose runner-up is far behind, or not its pair", () => {
    const faint = read(">5%", { unsure: { 0: 0.7 }, alternatives: [{ index: 0, character: "≥", probability: 0.05 }] });
    const other = read("<1%", { unsure: { 0: 0.5 }, alternatives: [{ index: 0, character: "(", probability: 0.4 }] });
    const [first, second] = repaired([faint, other, tornInclusive("≥95%"), tornInclusive("≤1万元")]);
    expect(first!.text).toBe(">5%");
    expect(second!.text).toBe("<1%");
  });

  it("repairs nothing where the document writes too few comparators to know its set", () => {
    const torn = read(">90%", { unsure: { 0: 0.3 }, alternatives: [{ index: 0, character: "≥", probability: 0.28 }] });
    expect(repaired([torn])[0]!.text).toBe(">90%");
  });
});

describe("repairMisreads: other misreads", () => {
  it("reads a lone o as 0 only where the recognizer's runner-up says so", () => {
    const [zero, circle] = repaired([read("o", { unsure: { 0: 0.8 }, alternatives: [{ index: 0, character: "0", probability: 0.15 }] }), read("O", { unsure: { 0: 0.8 }, alternatives: [{ index: 0, character: "○", probability: 0.15 }] })]);
    expect(zero!.text).toBe("0");
    expect(circle!.text).toBe("O");
  });

  it("reads the dash of a numbered heading as 一", () => {
    expect(repaired([read("(—)数量指标:1.培训≥3批")])[0]!.text).toBe("(一)数量指标:1.培训≥3批");
  });

  it("reads 一 between digits as a dash, and leaves the numeral 一 elsewhere", () => {
    const [range, numeral] = repaired([read("完成2019一2021年度建成的农田管护"), read("一、产出指标（一）数量指标1项")]);
    expect(range!.text).toBe("完成2019—2021年度建成的农田管护");
    expect(range!.ocr?.raw).toBe("完成2019一2021年度建成的农田管护");
    expect(numeral!.text).toBe("一、产出指标（一）数量指标1项");
  });

  it("drops a point that ends a number cell, doubting it where a decimal could have been lost", () => {
    const [money, whole, decimal, sentence] = repaired([read("1250.50."), read("≥36."), read("3.5"), read("覆盖率达到95%.")]);
    expect(money!.text).toBe("1250.50");
    expect(money!.ocr?.characters).toHaveLength(7);
    expect(money!.ocr?.repairs?.at(-1)).toMatch(/point ends no number/u);
    expect(money!.ocr?.doubts ?? []).toEqual([]);
    expect(whole!.text).toBe("≥36");
    expect(whole!.ocr?.doubts?.at(-1)).toMatch(/decimal digit/u);
    expect(decimal!.text).toBe("3.5");
    expect(sentence!.text).toBe("覆盖率达到95%.");
  });

  it("drops a speck read as a point after a character of a letter-spaced label, not after a wrapped sentence's last one", () => {
    const label = [read("实．", { at: { x: 100, y: 100 } }), read("施", { at: { x: 160, y: 101 } }), read("单", { at: { x: 220, y: 100 } }), read("位·", { at: { x: 280, y: 99 } })];
    const [first, , , last, wrapped, word] = repaired([...label, read("效。", { at: { x: 100, y: 300 } }), read("完成。", { at: { x: 130, y: 300 } })]);
    expect(first!.text).toBe("实");
    expect(first!.ocr?.raw).toBe("实．");
    expect(first!.ocr?.repairs?.at(-1)).toMatch(/letter-spaced label/u);
    expect(first!.ocr?.doubts).toBeUndefined();
    expect(last!.text).toBe("位");
    expect(wrapped!.text).toBe("效。");
    expect(word!.text).toBe("完成。");
    expect(repaired(label, "text-layer")[0]!.text).toBe("实．");
  });

  it("doubts a bare unit whose box has room for a digit, without inventing one", () => {
    const [wide, tight, whole] = repaired([read("人", { width: 30 }), read("人", { width: 17 }), read("1人", { width: 30 })]);
    expect(wide!.text).toBe("人");
    expect(wide!.ocr?.doubts).toEqual([expect.stringContaining("a thin digit may have been dropped")]);
    expect(tight!.ocr?.doubts).toBeUndefined();
    expect(whole!.ocr?.doubts).toBeUndefined();
  });

  it("doubts a number with a unit whose box, at the page's own scale, has room for a lost comparator", () => {
    // The page's lines are boxed at 0.9 of the estimated glyph widths; `10年` is wider by most of a `≥`.
    const atScale = (text: string, extra = 0) => read(text, { width: [...text].reduce((sum, character) => sum + (/[0-9.%≥]/u.test(character) ? 0.55 : 0.95), 0) * 12 * 0.9 + extra });
    const page = [atScale("保障机关下"), atScale("≥90百分比"), atScale("100百分比"), atScale("使用人员满意"), atScale("12月底"), atScale("50人")];
    const [lost, kept, inclusive] = repaired([...page, atScale("10年", 8), atScale("10年"), atScale("≥10年", 8)]).slice(page.length);
    expect(lost!.text).toBe("10年");
    expect(lost!.ocr?.doubts).toEqual([expect.stringContaining("a comparator such as ≥")]);
    expect(kept!.ocr?.doubts).toBeUndefined();
    expect(inclusive!.ocr?.doubts).toBeUndefined();
    expect(repaired([...page, atScale("10年", 8)], "text-layer").at(-1)!.ocr?.doubts).toBeUndefined();
  });

  it("returns a confident correct reading unchanged", () => {
    const items = [read("≥95%"), read("100台"), read("≤0.8万元"), read("项目编码130636216T39PTY2WF094")];
    expect(repaired([...items, tornInclusive("≥1辆"), tornInclusive("≤5%")]).slice(0, 4)).toEqual(items);
  });
});
