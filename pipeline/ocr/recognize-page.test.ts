import { describe, expect, it } from "vitest";
import type { OcrLine } from "./ocr-engine.js";
import { withoutSpecks } from "./recognize-page.js";

const line = (text: string, height: number, confidence = 0.99): OcrLine => ({ text, confidence, box: { x: 10, y: 10, width: height * text.length, height } });

describe("withoutSpecks", () => {
  it("drops dust the recognizer read as text and keeps short real cells", () => {
    const lines = [line("项目名称", 35), line("6", 28), line("7", 21), line("政务网络、政", 31), line("9", 5, 0.69), line("=", 6, 0.5), line("80台", 38)];
    expect(withoutSpecks(lines).map((kept) => kept.text)).toEqual(["项目名称", "6", "7", "政务网络、政", "80台"]);
  });

  it("keeps a page of one line", () => {
    expect(withoutSpecks([line("附件二", 40)])).toHaveLength(1);
    expect(withoutSpecks([])).toEqual([]);
  });
});
