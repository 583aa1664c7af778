import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_BASE_URL, FAKE_MODEL, FakeModel, httpError } from "../test/fake-model.js";
import { repoRoot } from "../test/helpers.js";
import { damageProject } from "./damage-project.js";
import { evaluate, type EvalOptions, type EvalOutcome } from "./evaluate.js";
import { createGoldOracle } from "./gold-oracle.js";
import { loadAllGold } from "./load-gold.js";
import { renderReport } from "./render-report.js";
import { runReportCli } from "./report-cli.js";
import { loadReviewedFlags } from "./reviewed-flag-precision.js";

/**
 * The HTML report in a real browser (Debian's Chromium through playwright-core, as the review page's test):
 * two real eval runs — the gold oracle answering for the model, once clean and once with a value damaged
 * into markup — rendered as a comparison, opened from disk with every network request refused.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOT = path.join(repoRoot, "test-artifacts", "eval-report.png");
const MISMATCH_SCREENSHOT = path.join(repoRoot, "test-artifacts", "eval-report-mismatches.png");
const HOSTILE_VALUE = '<img src=x onerror="window.__xss=1">95%';
const TARGET = { fixture: "fixtures/pdf/seed-000-grid.pdf", index: 1 };

const gold = loadAllGold();
const fake = new FakeModel(() => httpError(500));
const env = { OPENAI_BASE_URL: FAKE_BASE_URL, OPENAI_MODEL: FAKE_MODEL };

function evalOptions(outDir: string): EvalOptions {
  return {
    pipeline: { extractor: "llm", cache: false },
    outDir,
    goldDirs: [path.join(repoRoot, "fixtures/gold")],
    rootDir: repoRoot,
    scannedDir: null,
    renditions: ["text-layer"],
    pricesFile: path.join(repoRoot, "fixtures/eval/prices.json"),
    baselineFile: null,
    tolerance: 0.005,
  };
}

let clean: EvalOutcome;
let damaged: EvalOutcome;
let browser: Browser;
let html: string;

beforeAll(async () => {
  fake.listen();
  fake.use(createGoldOracle(gold).respond);
  clean = await evaluate(evalOptions(mkdtempSync(path.join(tmpdir(), "eval-html-clean-"))), { env });
  fake.use(
    createGoldOracle(gold, {
      damage: (project, source) =>
        source.document.fixture === TARGET.fixture && source.index === TARGET.index
          ? damageProject(project, [
              { kind: "set-value", index: 8, value: HOSTILE_VALUE },
              { kind: "set-level2", index: 6, level2: "社会效益指标" },
            ])
          : project,
    }).respond,
  );
  damaged = await evaluate(evalOptions(mkdtempSync(path.join(tmpdir(), "eval-html-damaged-"))), { env });
  const out = path.join(path.dirname(damaged.files.json), "compare.html");
  const stdout: string[] = [];
  const code = await runReportCli([clean.files.json, damaged.files.json, "--out", out], { stdout: { write: (text: string) => stdout.push(text) } as never, stderr: process.stderr });
  expect(code).toBe(0);
  expect(stdout.join("")).toMatch(/Fell: [1-9]\d* metrics/);
  html = out;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"] });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  fake.close();
});

describe("HTML eval report in Chromium", () => {
  it("is one file that needs no network, shows the damaged value as text with its characters marked, and compares the two runs", async () => {
    const page = await browser.newPage({ viewport: { width: 1500, height: 1100 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(html).href);

    // The summary, and the comparison: the damage made quality fall on seed-000's family and document.
    expect(await page.locator("h2", { hasText: "Summary by family" }).count()).toBe(1);
    expect(Number((await page.locator(".side.fell h3").textContent())!.replace(/\D+/g, ""))).toBeGreaterThan(0);
    expect(await page.locator('.side.fell tr.metric-change th', { hasText: "document:seed-000-grid/text-layer/fields.level2" }).count()).toBe(1);

    // The damaged value: gold and got side by side, the characters only the pipeline has underlined, as text.
    const row = page.locator("tr.mismatch", { hasText: "valueRaw" }).first();
    const value = row.locator(".pair", { has: page.locator(".field", { hasText: /^valueRaw$/ }) });
    expect(await value.locator(".got").textContent()).toContain(HOSTILE_VALUE);
    expect(await value.locator(".got ins").first().textContent()).toContain("<img");
    expect(await row.locator(".badge.new").count()).toBe(1);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    // A crop of the page around the cited cell, inlined: the level-2 cell the damage changed.
    const crop = page.locator("tr.mismatch", { hasText: "level2" }).first().locator("img.crop");
    expect(await crop.getAttribute("src")).toMatch(/^data:image\/png;base64,/);
    expect(await crop.evaluate((image) => (image as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    // Evidence cut to the cell, not the project's whole text.
    const evidence = (await page.locator("tr.mismatch .evidence").first().textContent()) ?? "";
    expect(evidence.length).toBeLessThan(200);

    // Filters: by field, then by a family the damage did not touch.
    const all = await page.locator("tr.mismatch:not([hidden])").count();
    expect(all).toBeGreaterThan(1);
    await page.selectOption("#filter-field", "level2");
    const level2 = await page.locator("tr.mismatch:not([hidden])").count();
    expect(level2).toBeGreaterThan(0);
    expect(level2).toBeLessThan(all);
    expect(await page.locator("table.fields tbody tr:not([hidden])").count()).toBe(1);
    await page.selectOption("#filter-field", "");
    await page.selectOption("#filter-family", "vertical");
    expect(await page.locator("tr.mismatch:not([hidden])").count()).toBe(0);
    expect(await page.locator("tr.document-row:not([hidden])").count()).toBe(1);
    await page.selectOption("#filter-family", "");
    await page.selectOption("#filter-document", "seed-000-grid");
    expect(await page.locator("tr.mismatch:not([hidden])").count()).toBe(all);

    await page.selectOption("#filter-document", "");
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    await page.locator("table.mismatches").screenshot({ path: MISMATCH_SCREENSHOT });
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("is written by every eval run beside report.md, which stays the CI summary", () => {
    const written = readFileSync(damaged.files.html, "utf8");
    expect(written.startsWith("<!doctype html>")).toBe(true);
    expect(written).not.toContain(HOSTILE_VALUE);
    expect(written).toContain("&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;");
    expect(written).not.toMatch(/<(?:link|script)[^>]+(?:src|href)=/);
    expect(readFileSync(damaged.files.markdown, "utf8")).toContain("## Worst mismatches");
  });

  it("adds the analysts' flag precision from review-flags.jsonl to the HTML and the Markdown", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "eval-html-review-"));
    const verdict = (code: string, value: "confirmed" | "false_positive") =>
      JSON.stringify({ id: `${code}-${value}`, document: "a.pdf", documentSha256: "0".repeat(64), project: "项目", code, path: "indicators.0.value", severity: "warning", message: "m", verdict: value, note: "", reviewer: "alice", decidedAt: "2025-01-01T00:00:00.000Z", bulk: true, stale: false });
    const flags = path.join(dir, "review-flags.jsonl");
    writeFileSync(flags, [verdict("value_unit_unknown", "confirmed"), verdict("value_unit_unknown", "false_positive"), verdict("ungrounded", "false_positive")].join("\n") + "\n");
    const out = path.join(dir, "report.html");
    expect(await runReportCli([damaged.files.json, "--review-flags", flags, "--out", out, "--no-crops"], { stdout: { write: () => true } as never, stderr: process.stderr })).toBe(0);
    const page = await browser.newPage();
    await page.goto(pathToFileURL(out).href);
    const row = page.locator("tr", { has: page.locator("th", { hasText: /^value_unit_unknown/ }) });
    expect(await row.locator("td").allTextContents()).toEqual(expect.arrayContaining(["1", "0.500"]));
    expect(await page.locator("p", { hasText: "3 analysts' verdicts" }).count()).toBe(1);
    await page.close();

    const report = { ...damaged.report, reviewedFlags: await loadReviewedFlags(flags) };
    expect(renderReport(report)).toContain("### Flag precision from review");
    expect(renderReport(report)).toMatch(/\| value_unit_unknown \| 1 \| 1 \| 0\.500 \| 0 \|/);
  });
});
