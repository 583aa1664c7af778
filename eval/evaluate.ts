import { rmSync } from "node:fs";
import path from "node:path";
import { resolveConfig, type CliOptions } from "../pipeline/config.js";
import { writeFileAtomic } from "../pipeline/io/write-file-atomic.js";
import { runPipeline, type RunDependencies } from "../pipeline/run-pipeline.js";
import { buildReport } from "./build-report.js";
import { compareBaseline } from "./compare-baseline.js";
import type { EvalReport } from "./eval-report.js";
import { findRenditions } from "./find-renditions.js";
import { loadAllGold } from "./load-gold.js";
import { loadBaseline } from "./load-baseline.js";
import { loadPriceTable } from "./load-price-table.js";
import { readGitInfo } from "./read-git-info.js";
import { createRecordedOcr } from "./recorded-ocr.js";
import type { Rendition } from "./rendition.js";
import { pageCrops, PAGE_CROPS } from "./html/page-crops.js";
import { renderHtmlReport } from "./render-html-report.js";
import { readWholeReport } from "./read-report.js";
import { renderReport } from "./render-report.js";
import { loadReviewedFlags } from "./reviewed-flag-precision.js";

/** One eval run, as resolved by the CLI (or a test). */
export interface EvalOptions {
  /** Pipeline options as `ingest` takes them (extractor, model, endpoint, cache …); inputs and output are the eval's. */
  readonly pipeline: Omit<CliOptions, "inputs" | "out">;
  /** Where report.json, report.md and the pipeline's run directory (`run/`) go. */
  readonly outDir: string;
  /** Folders of `*.gold.json` (the seeds' and the variants'). */
  readonly goldDirs: readonly string[];
  /** What gold `fixture` paths are relative to: the repository root. */
  readonly rootDir: string;
  /**
   * Where scanned renditions are looked for, by the text-layer fixture's file name; null for each fixture's own
   * `pdf-scanned/` folder beside its `pdf/` folder.
   */
  readonly scannedDir: string | null;
  readonly renditions: readonly Rendition[];
  readonly pricesFile: string;
  /** An earlier report.json to compare with, or null. */
  readonly baselineFile: string | null;
  /** How far a quality metric may drop below the baseline before the run fails. */
  readonly tolerance: number;
  /** `review-flags.jsonl` from `review export`: the analysts' flag verdicts, reported beside gold's flag scores. @default null */
  readonly reviewFlagsFile?: string | null;
  /** Dev only: a folder of recorded recognitions (`eval/recorded-ocr.ts`), so a scanned eval OCRs each page once. @default null */
  readonly ocrCacheDir?: string | null;
}

/** What a test or the CLI can inject: the environment the endpoint is read from, and the runner's dependencies. */
export interface EvalDependencies extends RunDependencies {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly now?: () => Date;
}

export interface EvalOutcome {
  readonly report: EvalReport;
  readonly files: { readonly json: string; readonly markdown: string; readonly html: string };
  /** 1 when a quality metric regressed beyond the tolerance against the baseline, else 0. */
  readonly exitCode: 0 | 1;
}

/**
 * The eval: runs the pipeline on every rendition of every gold document, scores the results, writes
 * `report.json` and `report.md` into `outDir`, and compares with a baseline when one is given. Inputs that
 * can be wrong (gold, prices, baseline, pipeline options) are all read before the pipeline starts, so a
 * typo fails in a second, not after the run.
 */
export async function evaluate(options: EvalOptions, dependencies: EvalDependencies = {}): Promise<EvalOutcome> {
  const createdAt = (dependencies.now ?? (() => new Date()))();
  const gold = options.goldDirs.flatMap((dir) => loadAllGold(dir));
  const inputs = (
    await Promise.all(
      gold.map((document) => findRenditions(document, { rootDir: options.rootDir, scannedDir: options.scannedDir, renditions: options.renditions })),
    )
  ).flat();
  const prices = { file: options.pricesFile, table: await loadPriceTable(options.pricesFile) };
  const baseline = options.baselineFile ? await loadBaseline(options.baselineFile) : null;
  const reviewedFlags = options.reviewFlagsFile ? await loadReviewedFlags(options.reviewFlagsFile) : null;
  const config = resolveConfig(
    { progress: "none", ...options.pipeline, inputs: inputs.map((input) => input.input), out: path.join(options.outDir, "run") },
    dependencies.env ?? process.env,
    false,
  );

  // A fresh run directory every time: an eval must score this code, never results a state store kept.
  rmSync(config.outDir, { recursive: true, force: true });
  const recorded =
    options.ocrCacheDir && !dependencies.ocr
      ? createRecordedOcr({ dir: options.ocrCacheDir, engine: config.ocr.engine, workers: config.ocr.workers, dpi: config.ocr.dpi })
      : null;
  let outcome;
  try {
    outcome = await runPipeline(config, { ...dependencies, keepResults: true, ...(recorded ? { ocr: recorded } : {}) });
  } finally {
    await recorded?.close();
  }
  const results = new Map(outcome.results.map((result) => [path.resolve(result.path), result]));
  const built = buildReport({
    inputs,
    results,
    summary: outcome.summary,
    config,
    prices,
    git: await readGitInfo(options.rootDir),
    createdAt,
  });
  const comparison = baseline && options.baselineFile ? compareBaseline(built.metrics, baseline, { file: options.baselineFile, tolerance: options.tolerance }) : null;
  const report: EvalReport = { ...built, baseline: comparison, reviewedFlags };

  const files = { json: path.join(options.outDir, "report.json"), markdown: path.join(options.outDir, "report.md"), html: path.join(options.outDir, "report.html") };
  await writeFileAtomic(files.json, JSON.stringify(report, null, 2) + "\n");
  await writeFileAtomic(files.markdown, renderReport(report));
  // The baseline file holds only what the gate needs of a report; the HTML's side by side needs a whole one.
  const before = baseline && options.baselineFile ? await readWholeReport(options.baselineFile) : null;
  const crops = await pageCrops(report.documents, { limit: PAGE_CROPS, baseDir: process.cwd() });
  await writeFileAtomic(files.html, renderHtmlReport(report, { before: before ? { report: before, label: path.basename(path.dirname(options.baselineFile!)) + "/" + path.basename(options.baselineFile!) } : null, reviewedFlags, crops }));
  return { report, files, exitCode: comparison && comparison.regressions > 0 ? 1 : 0 };
}
