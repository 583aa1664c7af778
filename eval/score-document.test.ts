import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Flag } from "../schemas/flag.js";
import type { GoldDocument } from "../schemas/gold.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import type { DocumentResult } from "../schemas/run-summary.js";
import { computeMetrics } from "./compute-metrics.js";
import { GOLD_DIR, loadGold } from "./load-gold.js";
import { recordFromGold } from "./record-from-gold.js";
import { scoreDocument } from "./score-document.js";

const vertical = loadGold(path.join(GOLD_DIR, "seed-003-vertical.gold.json"));
const grid = loadGold(path.join(GOLD_DIR, "seed-000-grid.gold.json"));

function perfectRecords(gold: GoldDocument): ProjectRecord[] {
  return gold.projects.map((project, index) => recordFromGold(project, index));
}

function documentFlagsOf(gold: GoldDocument): Flag[] {
  return gold.flags.map((flag) => ({ code: flag.code, severity: flag.severity, path: flag.path, message: flag.why, evidence: null }));
}

function resultOf(gold: GoldDocument, records: ProjectRecord[], documentFlags: Flag[] = documentFlagsOf(gold)): DocumentResult {
  return {
    path: gold.fixture,
    sha256: null,
    status: "done",
    family: gold.family,
    pageCount: 1,
    ocrPages: [],
    records,
    documentFlags,
    error: null,
    unitErrors: [],
    unitsByExtractor: { rules: 0, llm: records.length },
    routedToLlm: 0,
    usage: { promptTokens: 0, completionTokens: 0 },
    failedAttemptUsage: { promptTokens: 0, completionTokens: 0 },
    durationMs: 1,
  };
}

const indicatorCount = (gold: GoldDocument) => gold.projects.reduce((sum, project) => sum + project.indicators.length, 0);
const flagCount = (gold: GoldDocument) => gold.flags.length + gold.projects.reduce((sum, project) => sum + project.flags.length, 0);

describe("scoreDocument", () => {
  it("scores a perfect result 1.0 on everything, with no mismatches", () => {
    const score = scoreDocument(vertical, resultOf(vertical, perfectRecords(vertical)));
    const metrics = computeMetrics(score.counts);
    expect(score.mismatches).toEqual([]);
    expect(metrics.projects).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(metrics.indicators).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(metrics.flags).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(Object.values(metrics.fields).every((accuracy) => accuracy === 1)).toBe(true);
    expect(score.counts.fields.level3.compared).toBe(indicatorCount(vertical));
    expect(score.counts.fields.goals.compared).toBe(vertical.projects.length);
    expect(score.counts.flags.truePositives).toBe(flagCount(vertical));
  });

  it("scores a failed document as everything missed", () => {
    const failed: DocumentResult = { ...resultOf(vertical, []), status: "failed", error: { code: "no_projects_found" } };
    const score = scoreDocument(vertical, failed);
    expect(score.counts.projects).toEqual({ truePositives: 0, falsePositives: 0, falseNegatives: vertical.projects.length });
    expect(score.counts.indicators).toEqual({ truePositives: 0, falsePositives: 0, falseNegatives: indicatorCount(vertical) });
    expect(score.counts.flags.falseNegatives).toBe(flagCount(vertical));
    expect(computeMetrics(score.counts).indicators).toEqual({ precision: null, recall: 0, f1: 0 });
    expect(score.mismatches.filter((mismatch) => mismatch.kind === "missed-project")).toHaveLength(vertical.projects.length);
  });

  it("compares money in 分: the same amount written in 元 agrees, one 分 off does not", () => {
    const records = perfectRecords(grid);
    const first = records[0]!;
    records[0] = { ...first, money: { ...first.money, unit: "元", total: { raw: "80000.00", fen: 8_000_000 }, fiscal: { raw: "8.01", fen: 8_010_000 } } };
    const score = scoreDocument(grid, resultOf(grid, records));
    expect(score.counts.fields.totalAmount).toEqual({ correct: grid.projects.length, compared: grid.projects.length });
    expect(score.counts.fields.fiscalAmount).toEqual({ correct: grid.projects.length - 1, compared: grid.projects.length });
    expect(score.counts.fields.moneyUnit.correct).toBe(grid.projects.length - 1);
  });

  it("counts level 3 that differs only in whitespace as right after normalizing and wrong exactly", () => {
    const records = perfectRecords(grid);
    const first = records[0]!;
    records[0] = { ...first, indicators: first.indicators.map((indicator, index) => (index === 0 ? { ...indicator, level3: `${indicator.level3.slice(0, 4)} ${indicator.level3.slice(4)}` } : indicator)) };
    const score = scoreDocument(grid, resultOf(grid, records));
    expect(score.counts.fields.level3Exact.correct).toBe(indicatorCount(grid) - 1);
    expect(score.counts.fields.level3.correct).toBe(indicatorCount(grid));
  });

  it("maps a flag's indicator path through the indicator matching when a dropped row shifts the indexes", () => {
    // Gold flags 政务公开工作经费's indicators.8.value (value_empty); drop indicator 2, and the record says indicators.7.value.
    const records = perfectRecords(grid);
    const project = records[5]!;
    expect(grid.projects[5]!.flags.map((flag) => flag.path)).toEqual(["indicators.8.value"]);
    const evidence = Object.fromEntries(
      Object.entries(project.evidence).flatMap(([key, value]) => {
        const match = /^indicators\.(\d+)\.(.*)$/.exec(key);
        if (!match) return [[key, value]];
        const index = Number(match[1]);
        return index === 2 ? [] : [[`indicators.${index > 2 ? index - 1 : index}.${match[2]}`, value]];
      }),
    );
    records[5] = {
      ...project,
      indicators: project.indicators.filter((_indicator, index) => index !== 2),
      evidence,
      flags: project.flags.map((flag) => ({ ...flag, path: "indicators.7.value" })),
    };
    const score = scoreDocument(grid, resultOf(grid, records));
    expect(score.counts.flags).toEqual({ truePositives: flagCount(grid), falsePositives: 0, falseNegatives: 0 });
    expect(score.counts.indicators).toEqual({ truePositives: indicatorCount(grid) - 1, falsePositives: 0, falseNegatives: 1 });
    expect(score.counts.fields.evidencePage).toEqual({ correct: indicatorCount(grid) - 1, compared: indicatorCount(grid) - 1 });
  });

  it("counts a document flag once, not again for each record it was copied onto", () => {
    const records = perfectRecords(vertical);
    const [documentFlag] = documentFlagsOf(vertical);
    // The validate stage copies seed 003's duplicate_project_name onto both tables of that name.
    for (const position of [1, 4]) records[position] = { ...records[position]!, flags: [...records[position]!.flags, documentFlag!] };
    const score = scoreDocument(vertical, resultOf(vertical, records));
    expect(score.counts.flags).toEqual({ truePositives: flagCount(vertical), falsePositives: 0, falseNegatives: 0 });
  });

  it("lists missed and extra flags with gold's reason and the pipeline's message side by side", () => {
    const records = perfectRecords(vertical);
    records[0] = {
      ...records[0]!,
      flags: [{ code: "ungrounded", severity: "error", path: "indicators.0.value", message: "invented", evidence: { page: 2, text: "源文本", box: null } }],
    };
    records[4] = { ...records[4]!, flags: [] };
    const score = scoreDocument(vertical, resultOf(vertical, records));
    expect(score.counts.flags).toEqual({ truePositives: flagCount(vertical) - 1, falsePositives: 1, falseNegatives: 1 });
    expect(score.counts.flagsByCode.ungrounded).toEqual({ truePositives: 0, falsePositives: 1, falseNegatives: 0 });
    expect(score.counts.flagsByCode.value_percent_over_100).toEqual({ truePositives: 0, falsePositives: 0, falseNegatives: 1 });
    const extra = score.mismatches.find((mismatch) => mismatch.kind === "extra-flag")!;
    expect(extra.got).toContain("ungrounded (error) at indicators.0.value: invented");
    expect(extra.source).toEqual([{ page: 2, text: "源文本", box: null }]);
    expect(score.mismatches.find((mismatch) => mismatch.kind === "missed-flag")!.gold).toContain("value_percent_over_100 (error) at indicators.2.value");
  });
});
