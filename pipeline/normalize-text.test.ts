import { beforeAll, describe, expect, it } from "vitest";
import type { PdfDocument } from "../schemas/layout.js";
import { FIXTURE_PDFS, readFixtureBytes, testContext } from "../test/helpers.js";
import { normalizeDocument, normalizeText } from "./normalize-text.js";
import { readPdf } from "./read-pdf.js";

describe("normalizeText", () => {
  it.each([
    ["Kangxi radicals become ideographs through NFKC", "⼈⺠政府", "人民政府"],
    ["CJK Radicals Supplement code points NFKC leaves alone are mapped", "部⻔ ⾦额 ⻓期", "部门 金额 长期"],
    ["a Kangxi radical that NFKC would turn into a traditional form keeps its simplified reading", "慰问贫困户 ≥30⼾", "慰问贫困户 ≥30户"],
    ["converter LaTeX comparisons become symbols", "信访档案整理及时率 $\\geq 100\\%$", "信访档案整理及时率 ≥100%"],
    ["LaTeX less-or-equal with a unit", "$\\leq 0.8$万元", "≤0.8万元"],
    ["LaTeX whose $ delimiters a scan misread as S is still replaced", "信访档案整理及时率 S\\geq100\\%$", "信访档案整理及时率 ≥100%"],
    ["a field code whose \\l a scan misread as \\I is still removed", "一、总体绩效目标 TC 总体绩效目标 \\fA\\I1", "一、总体绩效目标"],
    ["a Latin word before a comparison is left alone", "Rate ≥95%", "Rate ≥95%"],
    ["circled numbers keep their item mark instead of becoming bare digits", "①培训人次 ≥300人次 ②合格率 100%", "(1)培训人次 ≥300人次 (2)合格率 100%"],
    ["full-width digits and punctuation become ASCII", "（一）数量指标：１００％", "(一)数量指标:100%"],
    ["Word table-of-contents field codes are removed", "一、总体绩效目标 TC 总体绩效目标 \\f A \\l 1 ", "一、总体绩效目标"],
    ["converter paragraph tags become line breaks", "<p>目标一：整理</p> <p>目标二：宣传</p>", "目标一:整理\n目标二:宣传"],
    ["markup that is not a converter tag stays as text", "<script>alert(1)</script>", "<script>alert(1)</script>"],
    ["runs of spaces and ideographic spaces collapse", "80　　台  ", "80 台"],
  ])("%s", (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});

describe("normalizeDocument on the real pdf.js output of a fixture", () => {
  let normalized: PdfDocument;
  beforeAll(async () => {
    const context = testContext();
    const pdf = await readPdf({ path: FIXTURE_PDFS.rowList, bytes: readFixtureBytes(FIXTURE_PDFS.rowList) }, context);
    normalized = await normalizeDocument(pdf, context);
  });

  it("turns every LaTeX snippet the converter left in seed 002 into plain symbols", () => {
    const text = normalized.pages.flatMap((page) => page.items.map((item) => item.text)).join("\n");
    expect(text).toContain("信访档案整理及时率 ≥100%");
    expect(text).not.toMatch(/\\geq|\$/);
  });

  it("leaves no Kangxi or CJK-radical code point in the text pdf.js gave", async () => {
    const context = testContext();
    const grid = await normalizeDocument(await readPdf({ path: FIXTURE_PDFS.grid, bytes: readFixtureBytes(FIXTURE_PDFS.grid) }, context), context);
    const text = grid.pages.flatMap((page) => page.items.map((item) => item.text)).join("\n");
    expect(text).toContain("平罗县人民政府办公室");
    expect(text).toContain("部门项目支出预算绩效目标表");
    expect(text).not.toMatch(/[\u2E80-\u2EFF\u2F00-\u2FDF]/u);
  });

  it("joins items split on one line into runs but never across a table border", () => {
    const page = normalized.pages[0]!;
    const header = page.items.filter((item) => ["单位编码", "单位及项目名称", "绩效目标", "绩效指标"].includes(item.text));
    expect(header.map((item) => item.text)).toEqual(["单位编码", "单位及项目名称", "绩效目标", "绩效指标"]);
  });
});
