import path from "node:path";
import { describe, expect, it } from "vitest";
import type { IndicatorRecord } from "../schemas/project-record.js";
import { GOLD_DIR, loadGold } from "./load-gold.js";
import { matchIndicators } from "./match-indicators.js";
import { recordFromGold } from "./record-from-gold.js";

// Seed 000's 会议费及公务活动费: 政府领导外出公务活动 and 印刷各类会议材料 are each both a 数量指标 and a 成本指标.
const meeting = loadGold(path.join(GOLD_DIR, "seed-000-grid.gold.json")).projects[1]!;
const extracted = () => recordFromGold(meeting).indicators;

describe("matchIndicators", () => {
  it("pairs indicators of the same name by their level 2, one-to-one, whatever their order", () => {
    const got = extracted().reverse();
    const matching = matchIndicators(meeting.indicators, got);
    expect(matching.unmatchedGold).toEqual([]);
    for (const pair of matching.pairs) expect(got[pair.got]).toEqual(extracted()[pair.gold]);
  });

  it("pairs an indicator with a wrong level 2 with its own gold indicator, not with another of the right category", () => {
    const got = extracted();
    got[6] = { ...got[6]!, level2: "社会效益指标", level2Raw: "社会效益指标" };
    const matching = matchIndicators(meeting.indicators, got);
    expect(matching.pairs).toContainEqual({ gold: 6, got: 6 });
    expect(matching.pairs).toHaveLength(meeting.indicators.length);
  });

  it("pairs a slightly misread name with the most similar gold name", () => {
    const got = extracted();
    got[2] = { ...got[2]!, level3: "会议材料印刷出错車" };
    expect(matchIndicators(meeting.indicators, got).pairs).toContainEqual({ gold: 2, got: 2 });
  });

  it("leaves a dropped gold indicator and an invented one unmatched", () => {
    const got: IndicatorRecord[] = extracted().filter((_indicator, index) => index !== 3);
    got.push({ ...got[0]!, level3: "虚构的会议场次统计" });
    const matching = matchIndicators(meeting.indicators, got);
    expect(matching.unmatchedGold).toEqual([3]);
    expect(matching.unmatchedGot).toEqual([got.length - 1]);
  });
});
