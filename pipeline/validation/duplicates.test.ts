import { describe, expect, it } from "vitest";
import type { IndicatorRecord } from "../../schemas/project-record.js";
import { VALIDATION_RULES } from "./rule-registry.js";
import { indicator, projectRecord, raisedBy, raisedOn, scopeOf, validationFixture } from "./test-records.js";

// Seed 002 信访档案整理及工作经费, 质量指标: `2. 合格率 100%` and `4. 合格率 100%`.
const ARCHIVE_QUALITY: readonly IndicatorRecord[] = [
  indicator("产出指标", "质量指标", "装订群众来信案件档案", "≥ 50 人"),
  indicator("产出指标", "质量指标", "合格率", "100%"),
  indicator("产出指标", "质量指标", "群众来访案件档案人数", "≥ 280 人"),
  indicator("产出指标", "质量指标", "合格率", "100%"),
];

describe("duplicate_indicator", () => {
  it("warns on the second 合格率 100% of seed 002's first project", () => {
    const flags = raisedOn("duplicate_indicator", projectRecord({ name: "信访档案整理及工作经费", indicators: ARCHIVE_QUALITY }));
    expect(flags).toEqual([
      expect.objectContaining({
        severity: "warning",
        path: "indicators.3",
        message: 'Indicator 4, "合格率" (质量指标) = "100%", repeats indicator 2 of this project.',
      }),
    ]);
  });

  it("stays silent on one name under two categories (seed 000 会议费: 政府领导外出公务活动 as 数量 and as 成本)", () => {
    const indicators = [
      indicator("产出指标", "数量指标 (必填硬性指标)", "政府领导外出公务活动", "50 次以上"),
      indicator("产出指标", "成本指标 (必填硬性指标)", "政府领导外出公务活动", "20 万元"),
    ];
    expect(raisedOn("duplicate_indicator", projectRecord({ name: "会议费及公务活动费", indicators }))).toEqual([]);
  });

  it("treats values that differ only by spacing as the same", () => {
    const indicators = [indicator("产出指标", "数量指标", "慰问贫困户", "≥30户"), indicator("产出指标", "数量指标", "慰问贫困户", "≥ 30 户")];
    expect(raisedOn("duplicate_indicator", projectRecord({ name: "两节慰问经费", indicators }))).toHaveLength(1);
  });
});

describe("duplicate_project_name", () => {
  const seed = validationFixture<{ tables: readonly { unitIndex: number; pages: number[]; name: string; total: string }[] }>("seed-003-overview.json");
  const records = seed.tables.map((table) => projectRecord({ name: table.name, unitIndex: table.unitIndex, pages: table.pages, moneyUnit: "元", total: table.total }));

  it("raises one info for seed 003's two 政府大型公务活动项目经费 tables, concerning both", () => {
    const rule = VALIDATION_RULES.duplicate_project_name;
    if (rule.scope !== "document") throw new Error("expected a document rule");
    expect(rule.check(scopeOf(records))).toEqual([
      {
        flag: expect.objectContaining({
          code: "duplicate_project_name",
          severity: "info",
          path: "project.name",
          message:
            '"政府大型公务活动项目经费" names 2 project tables in this document: table 2 (pages 2-3, 433800.00 元), table 5 (pages 5-6, 200000.00 元). Check that they are different projects.',
        }),
        records: [1, 4],
      },
    ]);
  });

  it("stays silent when every project of the document has its own name (seed 003 without the second table)", () => {
    expect(raisedBy("duplicate_project_name", scopeOf(records.filter((_record, index) => index !== 4)))).toEqual([]);
  });
});
