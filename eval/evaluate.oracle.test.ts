import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NO_INDICATOR_EXTRAS } from "../schemas/extracted-project.js";
import { FAKE_BASE_URL, FAKE_MODEL, FakeModel, httpError } from "../test/fake-model.js";
import { repoRoot } from "../test/helpers.js";
import { compareBaseline } from "./compare-baseline.js";
import { damageProject, type Damage } from "./damage-project.js";
import { EvalReportSchema, type EvalReport } from "./eval-report.js";
import { evaluate, type EvalOptions, type EvalOutcome } from "./evaluate.js";
import { createGoldOracle, ORACLE_USAGE, type GoldOracle } from "./gold-oracle.js";
import { loadAllGold } from "./load-gold.js";
import { loadBaseline } from "./load-baseline.js";
import { FIELD_NAMES, HEADER_FIELDS, INDICATOR_FIELDS, MONEY_FIELDS, type ScoreCounts } from "./score-counts.js";

const gold = loadAllGold();
const fake = new FakeModel(() => httpError(500));
const env = { OPENAI_BASE_URL: FAKE_BASE_URL, OPENAI_MODEL: FAKE_MODEL };

function evalOptions(outDir: string, baselineFile: string | null = null): EvalOptions {
  return {
    pipeline: { extractor: "llm", cache: false },
    outDir,
    goldDirs: [path.join(repoRoot, "fixtures/gold")],
    rootDir: repoRoot,
    scannedDir: path.join(repoRoot, "fixtures/pdf-scanned"),
    // Scanned renditions need OCR; the oracle proves the path from the model's answer to the record, which the text layer shows.
    renditions: ["text-layer"],
    pricesFile: path.join(repoRoot, "fixtures/eval/prices.json"),
    baselineFile,
    tolerance: 0.005,
  };
}

const overallOf = (report: EvalReport) => report.overall.find((entry) => entry.rendition === "text-layer")!;
const documentOf = (report: EvalReport, name: string) => report.documents.find((entry) => entry.name === name && entry.rendition === "text-layer")!;
const goldIndicators = gold.reduce((sum, document) => sum + document.projects.reduce((count, project) => count + project.indicators.length, 0), 0);
const goldProjects = gold.reduce((sum, document) => sum + document.projects.length, 0);
const goldFlags = gold.reduce((sum, document) => sum + document.flags.length + document.projects.reduce((count, project) => count + project.flags.length, 0), 0);

const mismatchList = (report: EvalReport) =>
  report.documents.flatMap((document) => document.mismatches.map((mismatch) => [document.name, mismatch.kind, mismatch.what]));

beforeAll(() => fake.listen());
afterAll(() => fake.close());

describe("eval with the gold oracle answering for the model", () => {
  let outcome: EvalOutcome;
  let oracle: GoldOracle;
  let outDir: string;

  beforeAll(async () => {
    oracle = createGoldOracle(gold);
    fake.use(oracle.respond);
    outDir = mkdtempSync(path.join(tmpdir(), "eval-oracle-"));
    outcome = await evaluate(evalOptions(outDir), { env });
  });

  it("finds the gold project for every unit the pipeline sends, and asks once per project", () => {
    expect(oracle.unidentified).toEqual([]);
    expect(oracle.answered).toHaveLength(goldProjects);
    expect(new Set(oracle.answered).size).toBe(goldProjects);
  });

  it("scores every project, indicator and field 1.0: nothing is lost between the model's answer and the record", () => {
    expect(mismatchList(outcome.report)).toEqual([]);
    const overall = overallOf(outcome.report);
    expect(overall.metrics.projects).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(overall.metrics.indicators).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(overall.counts.indicators.truePositives).toBe(goldIndicators);
    for (const field of FIELD_NAMES) {
      expect(overall.metrics.fields[field], field).toBe(1);
    }
  });

  it("raises exactly the gold flags, mapped through the matching", () => {
    const overall = overallOf(outcome.report);
    expect(overall.counts.flags).toEqual({ truePositives: goldFlags, falsePositives: 0, falseNegatives: 0 });
    expect(overall.metrics.flags).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it("accounts calls, tokens and the estimated price to the token", () => {
    const overall = overallOf(outcome.report);
    expect(overall.cost).toMatchObject({
      documents: gold.length,
      llmCalls: goldProjects,
      cacheHits: 0,
      promptTokens: goldProjects * ORACLE_USAGE.promptTokens,
      completionTokens: goldProjects * ORACLE_USAGE.completionTokens,
      billedPromptTokens: goldProjects * ORACLE_USAGE.promptTokens,
    });
    // fixtures/eval/prices.json: fake-model-1 at $1 in / $2 out per million tokens.
    expect(overall.priceUsd).toBeCloseTo((goldProjects * (ORACLE_USAGE.promptTokens * 1 + ORACLE_USAGE.completionTokens * 2)) / 1_000_000, 12);
    expect(outcome.report.run.llmRequests).toBe(goldProjects);
    for (const document of outcome.report.documents) expect(document.cost.durationMs).toBeGreaterThan(0);
  });

  it("writes report.json with the run's config, model, prompt version and commit, and report.md with the tables", () => {
    const json = EvalReportSchema.parse(JSON.parse(readFileSync(outcome.files.json, "utf8")));
    expect(json.run).toMatchObject({ extractor: "llm", model: FAKE_MODEL, promptVersion: "extract-project/v2", endpoint: "model.test", cache: false });
    expect(json.git.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(json.price).toMatchObject({ priceModel: FAKE_MODEL, note: null });
    expect(json.metrics["overall/text-layer/indicators.f1"]).toBe(1);
    expect(json.metrics["document:seed-003-vertical/text-layer/fields.totalAmount"]).toBe(1);
    expect(json.metrics["family:row-list/text-layer/projects.recall"]).toBe(1);
    const markdown = readFileSync(outcome.files.markdown, "utf8");
    for (const heading of ["## Scores", "## Field accuracy", "## Flags by code", "## Cost and speed", "## Worst mismatches"]) expect(markdown).toContain(heading);
    expect(markdown).toContain("| **overall** | text-layer | 1.000 (25/25) |");
  });

  describe("and with counted damage in one answer (the perturbed oracle)", () => {
    // Seed 000, 会议费及公务活动费 (gold project 1, 10 indicators, no gold flags).
    const TARGET = { fixture: "fixtures/pdf/seed-000-grid.pdf", index: 1 };
    const INVENTED = { ...NO_INDICATOR_EXTRAS, level1: "产出指标", level2: "数量指标 (必填硬性指标)", level3: "虚构的会议场次统计", value: "99 场", description: null, basis: null };
    const DAMAGE: Damage[] = [
      { kind: "drop-indicator", index: 3 },
      { kind: "invent-indicator", indicator: INVENTED },
      { kind: "swap-values", first: 0, second: 1 },
      { kind: "set-level2", index: 6, level2: "社会效益指标" },
      { kind: "set-value", index: 8, value: "777 项" },
      { kind: "set-amount", field: "fiscalAmount", value: "35.00" },
    ];
    // Counted from DAMAGE: one indicator pair fewer; among the rest, one wrong level 2, two swapped values and one
    // value not in the source (raw and parsed), one wrong 财政拨款.
    const DROPPED = 1;
    const INVENTED_COUNT = 1;
    const WRONG: Partial<Record<(typeof FIELD_NAMES)[number], number>> = { level2: 1, valueRaw: 3, valueParsed: 3, fiscalAmount: 1 };
    // Record indexes after the drop of gold 3: gold 6 → 5, gold 8 → 7, the invented one last (9).
    const EXPECTED_NEW_FLAGS = [
      "money_parts_mismatch money.total",
      "taxonomy_wrong_parent indicators.5.level2",
      "ungrounded indicators.7.value",
      "ungrounded indicators.9.level3",
      "ungrounded indicators.9.value",
      "ungrounded money.fiscal",
    ];

    let perturbed: EvalOutcome;
    beforeAll(async () => {
      const damaged = createGoldOracle(gold, {
        damage: (project, source) => (source.document.fixture === TARGET.fixture && source.index === TARGET.index ? damageProject(project, DAMAGE) : project),
      });
      fake.use(damaged.respond);
      perturbed = await evaluate(evalOptions(mkdtempSync(path.join(tmpdir(), "eval-perturbed-")), outcome.files.json), { env });
    });

    /** The oracle's counts with the damage applied, as the damage list implies. */
    function expectedCounts(before: ScoreCounts): ScoreCounts {
      const fields = structuredClone(before.fields);
      for (const field of INDICATOR_FIELDS) {
        fields[field].compared -= DROPPED;
        fields[field].correct -= DROPPED + (WRONG[field] ?? 0);
      }
      for (const field of [...HEADER_FIELDS, ...MONEY_FIELDS]) fields[field].correct -= WRONG[field] ?? 0;
      return {
        ...before,
        indicators: {
          truePositives: before.indicators.truePositives - DROPPED,
          falsePositives: before.indicators.falsePositives + INVENTED_COUNT,
          falseNegatives: before.indicators.falseNegatives + DROPPED,
        },
        flags: { ...before.flags, falsePositives: before.flags.falsePositives + EXPECTED_NEW_FLAGS.length },
        fields,
      };
    }

    it("starts from an answer the oracle scored perfect", () => {
      const target = documentOf(outcome.report, "seed-000-grid").mismatches.filter((mismatch) => mismatch.project === "会议费及公务活动费");
      expect(target).toEqual([]);
    });

    it("lowers the document's and the overall counts by exactly the damage", () => {
      for (const pick of [(report: EvalReport) => documentOf(report, "seed-000-grid"), overallOf]) {
        const before = pick(outcome.report).counts;
        const after = pick(perturbed.report).counts;
        const expected = expectedCounts(before);
        expect(after.projects).toEqual(before.projects);
        expect(after.indicators).toEqual(expected.indicators);
        expect(after.fields).toEqual(expected.fields);
        expect({ ...after.flags }).toEqual(expected.flags);
      }
    });

    it("lowers each score by exactly what the damage implies", () => {
      const before = documentOf(outcome.report, "seed-000-grid").counts;
      const after = documentOf(perturbed.report, "seed-000-grid").metrics;
      const pairs = before.indicators.truePositives - DROPPED;
      expect(after.indicators.precision).toBeCloseTo(pairs / (pairs + INVENTED_COUNT), 12);
      expect(after.indicators.recall).toBeCloseTo(pairs / (pairs + DROPPED), 12);
      expect(after.fields.level2).toBeCloseTo((pairs - 1) / pairs, 12);
      expect(after.fields.valueRaw).toBeCloseTo((pairs - 3) / pairs, 12);
      expect(after.fields.valueParsed).toBeCloseTo((pairs - 3) / pairs, 12);
      expect(after.fields.level3).toBe(1);
      expect(after.fields.fiscalAmount).toBeCloseTo((before.fields.fiscalAmount.compared - 1) / before.fields.fiscalAmount.compared, 12);
      expect(after.fields.totalAmount).toBe(1);
      const flags = before.flags;
      expect(after.flags.precision).toBeCloseTo(flags.truePositives / (flags.truePositives + flags.falsePositives + EXPECTED_NEW_FLAGS.length), 12);
      expect(after.flags.recall).toBe(documentOf(outcome.report, "seed-000-grid").metrics.flags.recall);
    });

    it("raises the flags the damage should raise, on the damaged fields, and no other flag changes", () => {
      const record = perturbedRecord(perturbed);
      const raised = record.flags.map((flag) => `${flag.code} ${flag.path}`).sort();
      expect(raised).toEqual(EXPECTED_NEW_FLAGS);
      const extra = documentOf(perturbed.report, "seed-000-grid").mismatches.filter((mismatch) => mismatch.kind === "extra-flag");
      expect(extra).toHaveLength(EXPECTED_NEW_FLAGS.length);
      expect(extra.every((mismatch) => mismatch.project === "会议费及公务活动费")).toBe(true);
    });

    it("fails the baseline gate against the oracle's report, naming the metrics that dropped beyond the tolerance", async () => {
      expect(perturbed.exitCode).toBe(1);
      const regressed = perturbed.report.baseline!.changes.filter((change) => change.status === "regressed").map((change) => change.metric);
      expect(regressed).toContain("document:seed-000-grid/text-layer/indicators.recall");
      expect(regressed).toContain("overall/text-layer/fields.valueRaw");
      // One indicator of 274 is a drop of 0.0036, inside the default tolerance of 0.005.
      expect(regressed).not.toContain("overall/text-layer/indicators.recall");
      expect(regressed.some((metric) => metric.includes("seed-002") || metric.includes("seed-003"))).toBe(false);
      const baseline = await loadBaseline(outcome.files.json);
      const drops = perturbed.report.baseline!.changes.map((change) => (change.baseline ?? 0) - (change.current ?? 0));
      expect(compareBaseline(perturbed.report.metrics, baseline, { file: outcome.files.json, tolerance: Math.max(...drops) }).regressions).toBe(0);
      expect(readFileSync(perturbed.files.markdown, "utf8")).toContain("**FAIL:");
    });

    it("passes the gate when compared with its own report", async () => {
      const own = await loadBaseline(perturbed.files.json);
      expect(compareBaseline(perturbed.report.metrics, own, { file: perturbed.files.json, tolerance: 0 }).regressions).toBe(0);
    });
  });
});

/** The damaged project's record as the pipeline wrote it to the run's records.jsonl. */
function perturbedRecord(outcome: EvalOutcome): { flags: Array<{ code: string; path: string }> } {
  const lines = readFileSync(path.join(path.dirname(outcome.files.json), "run", "records.jsonl"), "utf8").trim().split("\n");
  const records = lines.map((line) => JSON.parse(line) as { project: { name: string }; flags: Array<{ code: string; path: string }> });
  return records.find((record) => record.project.name === "会议费及公务活动费")!;
}
