import { describe, expect, it } from "vitest";
import type { FlagCode } from "../../schemas/flag-codes.js";
import type { IndicatorRecord } from "../../schemas/project-record.js";
import { indicator, projectRecord, raisedOn } from "./test-records.js";

interface Case {
  readonly behaviour: string;
  readonly indicator: IndicatorRecord;
  readonly flags: readonly { code: FlagCode; path: string }[];
}

// Seed 000 (grid): rows shifted one column by the converter, read naively, next to the same rows read right.
const CASES: readonly Case[] = [
  {
    behaviour: "flags a level 1 that is a level-2 name (seed 000 信访维稳: the 时效指标 row shifted one column left)",
    indicator: indicator("时效指标 (必填)", "信访事项按期办结率", "100%", ""),
    flags: [
      { code: "taxonomy_unknown_level1", path: "indicators.0.level1" },
      { code: "taxonomy_unknown_level2", path: "indicators.0.level2" },
    ],
  },
  {
    behaviour: "stays silent on the same row read in its columns",
    indicator: indicator("产出指标", "时效指标 (必填)", "信访事项按期办结率", "100%"),
    flags: [],
  },
  {
    behaviour: "flags a level 2 that is a level-1 name (seed 000 以奖代补: 效益指标 shifted into the level-2 column)",
    indicator: indicator("产出指标", "效益指标", "社会效益指标(必填)", "进一步推动是要解决、维护群众合法权益,确保社会和谐稳定"),
    flags: [{ code: "taxonomy_unknown_level2", path: "indicators.0.level2" }],
  },
  {
    behaviour: "stays silent on 社会效益指标 under 效益指标",
    indicator: indicator("效益指标", "社会效益指标(必填)", "进一步推动是要解决、维护群众合法权益,确保社会和谐稳定", "逐步提高"),
    flags: [],
  },
  {
    behaviour: "flags a level 2 under another level 1 (seed 000 督察: 社会效益指标 read under the 产出指标 merged cell)",
    indicator: indicator("产出指标", "社会效益指标(必填)", "本年度县委、政府重点工作正常督察工作开展社会影响率", "100%"),
    flags: [{ code: "taxonomy_wrong_parent", path: "indicators.0.level2" }],
  },
  {
    behaviour: "accepts 成本指标 as a level 2 of 产出指标 (seed 000 会议费)",
    indicator: indicator("产出指标", "成本指标 (必填硬性指标)", "政府领导外出公务活动", "20 万元"),
    flags: [],
  },
  {
    behaviour: "accepts 成本指标 as a level 1 with its own level 2 (newer template)",
    indicator: indicator("成本指标", "经济成本指标", "政府领导外出公务活动", "20 万元"),
    flags: [],
  },
  {
    behaviour: "accepts a numbered level 1 and a 满意度指标 without level 2 (seed 002 信访调查: 三、满意度指标 1. 群众满意率)",
    indicator: indicator("三、满意度指标", "", "群众满意率", "≥95%"),
    flags: [],
  },
  {
    behaviour: "flags a missing level 2 where the level 1 has several (seed 002 with the (一)数量指标 line lost)",
    indicator: indicator("产出指标", "", "整理装订群众来访案件档案一案一册", "≥ 80 次"),
    flags: [{ code: "taxonomy_unknown_level2", path: "indicators.0.level2" }],
  },
];

const CODES: readonly FlagCode[] = ["taxonomy_unknown_level1", "taxonomy_unknown_level2", "taxonomy_wrong_parent"];

describe("taxonomy rules", () => {
  it.each(CASES)("$behaviour", ({ indicator: row, flags }) => {
    const record = projectRecord({ name: "会议费及公务活动费", indicators: [row] });
    const raised = CODES.flatMap((code) => raisedOn(code, record)).map(({ code, path }) => ({ code, path }));
    expect(raised).toEqual(flags);
  });

  it("quotes the level 2 as written and names the parent it belongs under", () => {
    const record = projectRecord({ name: "政府重点工作督察经费", indicators: [CASES[4]!.indicator] });
    const [flag] = raisedOn("taxonomy_wrong_parent", record);
    expect(flag?.severity).toBe("error");
    expect(flag?.message).toContain('belongs under "效益指标", not under 一级指标 "产出指标"');
  });

  it("warns once, not an error a row, when no indicator of the project names a level 2 (a table with no 二级指标 column)", () => {
    const rows = [indicator("产出指标", "", "治理河道长度", "9.6公里"), indicator("效益指标", "", "保护人口", "≥1.8万人"), indicator("满意度指标", "", "沿岸群众满意度", "≥90%")];
    const flags = raisedOn("taxonomy_unknown_level2", projectRecord({ name: "中小河流治理", indicators: rows }));
    expect(flags.map(({ severity, path }) => ({ severity, path }))).toEqual([{ severity: "warning", path: "indicators" }]);
  });
});
