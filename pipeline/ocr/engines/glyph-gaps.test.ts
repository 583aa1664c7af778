import { describe, expect, it } from "vitest";
import { glyphGaps } from "./glyph-gaps.js";

/** Positions for `text` at `pace` steps a character, with `extra` steps of room after the characters at the given indices. */
function paced(text: string, pace: number, extra: Record<number, number> = {}): number[] {
  const positions: number[] = [];
  let step = 2;
  for (let index = 0; index < text.length; index++) {
    positions.push(step);
    step += pace + (extra[index] ?? 0);
  }
  return positions;
}

describe("glyphGaps", () => {
  it("finds a character's room between two Chinese characters (修缮工程 read 修工程)", () => {
    const doubts = glyphGaps("修工程验收合格率", paced("修工程验收合格率", 4, { 0: 5 }));
    expect(doubts).toHaveLength(1);
    expect(doubts[0]).toContain('between "修" and "工"');
  });

  it("takes the pace from the line: the same gap in steps is room on a small font and none on a large one", () => {
    expect(glyphGaps("革命旧址修工程费", paced("革命旧址修工程费", 4, { 4: 4 }))).toHaveLength(1);
    expect(glyphGaps("革命旧址修工程费", paced("革命旧址修工程费", 9, { 4: 4 }))).toEqual([]);
  });

  it("says nothing of evenly set lines, letter-spaced labels or a gap of one step at a fine pace", () => {
    expect(glyphGaps("项目绩效目标表", paced("项目绩效目标表", 5))).toEqual([]);
    // A label set with letter-spacing between two words: 1.75 paces.
    expect(glyphGaps("实施单位国家应急物资储备局", paced("实施单位国家应急物资储备局", 4, { 1: 3 }))).toEqual([]);
    // Pace 2: a gap of 4 is twice the pace but only 2 steps of rounding more.
    expect(glyphGaps("满意度指标", paced("满意度指标", 2, { 1: 2 }))).toEqual([]);
  });

  it("leaves gaps beside digits, Latin and punctuation alone: those glyphs are narrow or sit at one side", () => {
    const text = "资金总额：48.00财政资金";
    expect(glyphGaps(text, paced(text, 4, { 4: 6, 9: 6 }))).toEqual([]);
  });

  it("needs three Han-Han steps for a pace, and positions that match the text", () => {
    expect(glyphGaps("修工程", paced("修工程", 4, { 0: 5 }))).toEqual([]);
    expect(glyphGaps("修工程验收", [2, 11, 15])).toEqual([]);
  });
});
