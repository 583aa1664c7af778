import { describe, expect, it } from "vitest";
import type { OcrLine } from "./ocr-engine.js";
import { withoutSpecks } from "./recognize-page.js";

const line = (text: string, height: number, confidence = 0.99): OcrLine => ({ text, confidence, box: { x: 10, y: 10, width: height * text.length, height } });

describe("withoutSpecks", () => {
  it("drops dust the recognizer read as text and keeps short real cells", () => {
    const lines = [line("项目名称", 35), line("6", 28), line("7", 21), line("政务网络、政", 31), line("9", 5, 0.69), line("=", 6, 0.5), line("80台", 38)];
    expect(withoutSpecks(lines).map((kept) => kept.text)).toEqual(["项目名称", "6", "7", "政务网络、政", "80台"]);
  });

  it("drops a small box read unsurely as a character or two, and keeps one read surely", () => {
    const body = ["项目名称", "004", "门源县政府办", "291.88", "信访档案整理及工作经费"].map((text) => line(text, 30));
    const small = [line("e", 13, 0.59), line("17", 16, 0.58), line("2", 17, 0.997), line("单位：万元", 17, 0.6)];
    expect(withoutSpecks([...body, ...small]).map((kept) => kept.text)).toEqual([...body.map((kept) => kept.text), "2", "单位：万元"]);
  });

  it("keeps a page of one line", () => {
    expect(withoutSpecks([line("附件二", 40)])).toHaveLength(1);
    expect(withoutSpecks([])).toEqual([]);
  });
});
