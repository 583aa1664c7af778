import { describe, expect, it } from "vitest";
import { linesFromTsv } from "./tesseract.js";

// Columns of `tesseract … tsv`: level page block par line word left top width height conf text.
const HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";
const word = (line: number, wordNumber: number, left: number, text: string, confidence = 90) =>
  ["5", "1", "1", "1", String(line), String(wordNumber), String(left), "100", String(text.length * 30), "30", String(confidence), text].join("\t");

describe("linesFromTsv", () => {
  it("joins CJK words without spaces and splits a table row at wide gaps", () => {
    const tsv = [HEADER, "4\t1\t1\t1\t1\t0\t100\t100\t900\t30\t-1\t", word(1, 1, 100, "项目"), word(1, 2, 160, "名称"), word(1, 3, 600, "政务网络")].join("\n");
    const lines = linesFromTsv(tsv);
    expect(lines.map((line) => line.text)).toEqual(["项目名称", "政务网络"]);
    expect(lines[0]!.box).toEqual({ x: 100, y: 100, width: 120, height: 30 });
    expect(lines[0]!.confidence).toBeCloseTo(0.9);
  });

  it("keeps spaces between Latin words and skips empty words", () => {
    const tsv = [HEADER, word(1, 1, 100, "TC"), word(1, 2, 170, "1"), word(1, 3, 210, " ", 95)].join("\n");
    expect(linesFromTsv(tsv).map((line) => line.text)).toEqual(["TC 1"]);
  });

  it("gives each character its word's confidence and a joining space full confidence", () => {
    const tsv = [HEADER, word(1, 1, 100, "TC", 40), word(1, 2, 170, "12", 96)].join("\n");
    const [line] = linesFromTsv(tsv);
    expect(line!.text).toBe("TC 12");
    expect(line!.characters).toEqual([0.4, 0.4, 1, 0.96, 0.96]);
  });
});
