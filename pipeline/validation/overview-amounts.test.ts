import { describe, expect, it } from "vitest";
import type { DocumentContext } from "../../schemas/project-unit.js";
import { nameSimilarity } from "./name-similarity.js";
import { documentContext, projectRecord, raisedBy, scopeOf, validationFixture } from "./test-records.js";

interface Seed003 {
  readonly overview: DocumentContext["overview"];
  readonly tables: readonly { unitIndex: number; pages: number[]; name: string; total: string }[];
}

const seed = validationFixture<Seed003>("seed-003-overview.json");
const context = documentContext({ family: "vertical", overview: seed.overview });

function table(name: string, total: string) {
  return projectRecord({ name, moneyUnit: "元", total });
}

function raised(name: string, total: string) {
  const record = table(name, total);
  return raisedBy("money_overview_mismatch", scopeOf([record], { context }), record);
}

describe("money_overview_mismatch", () => {
  it.each(seed.tables.map((entry) => [entry.name, entry.total] as const))(
    "stays silent on seed 003's table %s (%s 元), which agrees with its overview paragraph",
    (name, total) => {
      expect(raised(name, total)).toEqual([]);
    },
  );

  it.each(seed.tables.map((entry) => [entry.name, entry.total] as const))(
    "finds the paragraph of seed 003's table %s and fires when its %s 元 is off by 10000 元",
    (name, total) => {
      const off = (Number.parseFloat(total) + 10000).toFixed(2);
      expect(raised(name, off)).toEqual([expect.objectContaining({ code: "money_overview_mismatch" })]);
    },
  );

  it("fires when the 网络改造 table says 185000.00 元 against 共需资金19.5万元", () => {
    expect(raised("县委县政府办公区网络改造项目经费", "185000.00")).toEqual([
      expect.objectContaining({
        code: "money_overview_mismatch",
        severity: "error",
        path: "money.total",
        message: 'The table states 185000.00 元 (18.50 万元), but the overview paragraph on "县委县政府办公区网络改造经费" (page 1) gives 19.5万元.',
      }),
    ]);
  });

  it("fires when a 政府大型公务活动 table matches neither 办公设备购置费20万元 nor 电费43.38万元", () => {
    expect(raised("政府大型公务活动项目经费", "300000.00")).toHaveLength(1);
  });

  it("accepts an overview that rounds: 1771650.00 元 is 177.17万元 to two decimals (seed 003 防贫保险)", () => {
    expect(raised("2021年防贫保险救助资金", "1771650.00")).toEqual([]);
    expect(raised("2021年防贫保险救助资金", "1771000.00")).toHaveLength(1);
  });

  it("stays silent for a project no overview paragraph names", () => {
    expect(raised("信访档案整理及工作经费", "12800.00")).toEqual([]);
  });
});

describe("nameSimilarity", () => {
  it.each([
    ["公务用车购置费", "购置公务用车项目经费", true],
    ["县委县政府办公区网络改造经费", "县委县政府办公区网络改造项目经费", true],
    ["政府大型公务活动专项经费", "政府大型公务活动项目经费", true],
    ["金融服务中心办公经费", "政府大型公务活动项目经费", false],
    ["公务用车购置费", "政府大型公务活动项目经费", false],
  ] as const)("matches %s with %s: %s", (overviewName, tableName, alike) => {
    expect(nameSimilarity(overviewName, tableName) >= 0.5).toBe(alike);
  });
});
