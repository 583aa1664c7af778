import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../test/helpers.js";
import { runEvalCli } from "./eval-cli.js";
import { EvalReportSchema } from "./eval-report.js";

// Seed 003 alone: the smallest gold document, so each CLI run takes about a second with the rules extractor.
const goldDir = mkdtempSync(path.join(tmpdir(), "eval-gold-"));
copyFileSync(path.join(repoRoot, "fixtures/gold/seed-003-vertical.gold.json"), path.join(goldDir, "seed-003-vertical.gold.json"));
const noScans = mkdtempSync(path.join(tmpdir(), "eval-no-scans-"));

async function cli(args: readonly string[], now = new Date("2026-05-02T03:00:00Z")) {
  let stdout = "";
  let stderr = "";
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  const code = await runEvalCli(
    ["--extractor", "rules", "--fixtures-dir", goldDir, "--scanned-dir", noScans, "--prices", path.join(repoRoot, "eval/prices.json"), ...args],
    { stdout: sink((text) => (stdout += text)), stderr: sink((text) => (stderr += text)) },
    { env: {}, now: () => now },
  );
  return { code, stdout, stderr };
}

describe("eval command", () => {
  let outDir: string;
  let first: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    outDir = mkdtempSync(path.join(tmpdir(), "eval-cli-"));
    first = await cli(["--out", outDir]);
  });

  it("prints the scores and writes report.json and report.md", () => {
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/overall · text-layer\s+1\.000/);
    expect(first.stdout).toContain("field accuracy, overall · text-layer:");
    expect(first.stdout).toMatch(/totalAmount\s+1\.000 {2}\(6\/6\)/);
    const report = EvalReportSchema.parse(JSON.parse(readFileSync(path.join(outDir, "report.json"), "utf8")));
    expect(report.run.extractor).toBe("rules");
    expect(report.overall[0]!.priceUsd).toBe(0);
    expect(readFileSync(path.join(outDir, "report.md"), "utf8")).toContain("| seed-003-vertical | text-layer | done |");
  });

  it("exits 1 on a planted regression beyond the tolerance, naming the metric, and 0 within it", async () => {
    const report = JSON.parse(readFileSync(path.join(outDir, "report.json"), "utf8")) as { metrics: Record<string, number | null> };
    const metric = "overall/text-layer/fields.valueRaw";
    expect(report.metrics[metric]).toBe(1);
    // The baseline claims a score the run cannot reach: the current run then reads as a drop of 0.01.
    const baselineFile = path.join(outDir, "planted-baseline.json");
    writeFileSync(baselineFile, JSON.stringify({ ...report, metrics: { ...report.metrics, [metric]: 1.01 } }));

    const failed = await cli(["--out", mkdtempSync(path.join(tmpdir(), "eval-cli-")), "--baseline", baselineFile]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`FAIL, 1 metric(s) dropped by more than 0.005`);
    expect(failed.stdout).toContain(`${metric}: 1.010 → 1.000`);

    const tolerated = await cli(["--out", mkdtempSync(path.join(tmpdir(), "eval-cli-")), "--baseline", baselineFile, "--tolerance", "0.02"]);
    expect(tolerated.code).toBe(0);
    expect(tolerated.stdout).toContain("PASS");
  });

  it("writes a dated nightly report and compares it with the latest earlier one", async () => {
    const nightlyDir = mkdtempSync(path.join(tmpdir(), "eval-nightly-"));
    for (const day of ["2026-04-29", "2026-05-01"]) {
      mkdirSync(path.join(nightlyDir, day));
      copyFileSync(path.join(outDir, "report.json"), path.join(nightlyDir, day, "report.json"));
    }
    const nightly = await cli(["--nightly", "--nightly-dir", nightlyDir]);
    expect(nightly.stderr).toContain(`nightly: comparing with ${path.join(nightlyDir, "2026-05-01", "report.json")}`);
    expect(nightly.code).toBe(0);
    const report = EvalReportSchema.parse(JSON.parse(readFileSync(path.join(nightlyDir, "2026-05-02", "report.json"), "utf8")));
    expect(report.baseline?.file).toBe(path.join(nightlyDir, "2026-05-01", "report.json"));
    expect(report.baseline?.regressions).toBe(0);
  });

  it("runs a first nightly without a baseline and says there is none", async () => {
    const nightlyDir = mkdtempSync(path.join(tmpdir(), "eval-nightly-"));
    const nightly = await cli(["--nightly", "--nightly-dir", nightlyDir]);
    expect(nightly.code).toBe(0);
    expect(nightly.stderr).toContain("nightly: no earlier report");
    expect(existsSync(path.join(nightlyDir, "2026-05-02", "report.md"))).toBe(true);
  });

  it("scores a scanned rendition beside the text-layer one as soon as its file exists", async () => {
    const scannedDir = mkdtempSync(path.join(tmpdir(), "eval-scans-"));
    // The text-layer PDF stands in for the scan: what is tested is that both renditions are scored and shown.
    // A trailing comment after %%EOF changes the bytes (so it is a document of its own), not the content.
    const stand = path.join(scannedDir, "seed-003-vertical.pdf");
    copyFileSync(path.join(repoRoot, "fixtures/pdf/seed-003-vertical.pdf"), stand);
    appendFileSync(stand, "\n% stand-in for a scan\n");
    const out = mkdtempSync(path.join(tmpdir(), "eval-cli-"));
    const run = await cli(["--out", out, "--scanned-dir", scannedDir]);
    expect(run.code).toBe(0);
    const report = EvalReportSchema.parse(JSON.parse(readFileSync(path.join(out, "report.json"), "utf8")));
    expect(report.renditions).toEqual(["text-layer", "scanned"]);
    expect(report.documents.map((document) => [document.name, document.rendition])).toEqual([
      ["seed-003-vertical", "text-layer"],
      ["seed-003-vertical", "scanned"],
    ]);
    expect(report.metrics["overall/scanned/indicators.f1"]).toBe(1);
    expect(readFileSync(path.join(out, "report.md"), "utf8")).toContain("| field | seed-003-vertical · text-layer | seed-003-vertical · scanned |");
  });

  it("exits 2 with a message saying what to fix for unusable options and inputs", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "eval-cli-"));
    expect(await cli(["--out", out, "--tolerance", "half"])).toMatchObject({ code: 2, stderr: expect.stringContaining("Expected `--tolerance` to be a number from 0 to 1") });
    expect(await cli(["--out", out, "--renditions", "photocopy"])).toMatchObject({ code: 2, stderr: expect.stringContaining("`--renditions`") });
    expect(await cli(["--out", out, "--baseline", path.join(out, "nope.json")])).toMatchObject({ code: 2, stderr: expect.stringContaining("Cannot read the baseline") });
    expect(await cli(["--out", out, "--extractor", "llm"])).toMatchObject({ code: 2, stderr: expect.stringContaining("OPENAI_BASE_URL is not set") });
    expect(existsSync(path.join(out, "report.json"))).toBe(false);
  });
});
