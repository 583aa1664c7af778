import { describe, expect, it } from "vitest";
import { printedLine } from "../test-glyphs.js";
import { withDashesMeasured } from "./dash-width.js";

const reading = (text: string, positions: number[]) => ({ text, positions, characters: [...text].map(() => 0.99) });

describe("withDashesMeasured", () => {
  it.each(["Noto Sans CJK SC", "Noto Serif CJK SC"])("reads an em dash between years as one, and a hyphen as a hyphen (%s)", (font) => {
    for (const size of [20, 24, 30]) {
      const em = printedLine("完成全县2023—2024年度建成", font, size);
      const measured = withDashesMeasured(em.image, em.crop, reading("完成全县2023-2024年度建成", em.positions));
      expect(measured.text, `${size}px`).toBe("完成全县2023—2024年度建成");
      expect(measured).toMatchObject({ raw: "完成全县2023-2024年度建成", repairs: [expect.stringContaining('"-" between digits read as "—"')] });
      const hyphen = printedLine("完成全县2023-2024年度建成", font, size);
      const read = reading("完成全县2023-2024年度建成", hyphen.positions);
      expect(withDashesMeasured(hyphen.image, hyphen.crop, read), `${size}px`).toBe(read);
      // And the other way: a hyphen the recognizer took for an em dash.
      expect(withDashesMeasured(hyphen.image, hyphen.crop, reading("完成全县2023—2024年度建成", hyphen.positions)).text, `${size}px`).toBe("完成全县2023-2024年度建成");
    }
  });

  it("leaves a line with no Chinese to take a pace from, and dashes not between digits, as read", () => {
    const digits = printedLine("2023—2024");
    const read = reading("2023-2024", digits.positions);
    expect(withDashesMeasured(digits.image, digits.crop, read)).toBe(read);
    const words = printedLine("资金—专项用于建设");
    const word = reading("资金-专项用于建设", words.positions);
    expect(withDashesMeasured(words.image, words.crop, word)).toBe(word);
  });
});
