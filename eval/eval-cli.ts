import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, PipelineError } from "../pipeline/errors.js";
import { createLineLogger } from "../pipeline/logger.js";
import { createProgressReporter } from "../pipeline/progress.js";
import { DEFAULT_TOLERANCE } from "./compare-baseline.js";
import { EvalError, EvalOptionsError } from "./eval-errors.js";
import { evaluate, type EvalDependencies } from "./evaluate.js";
import { findPreviousReport } from "./find-previous-report.js";
import { GoldFileError } from "./load-gold.js";
import { RenditionSchema, type Rendition } from "./rendition.js";
import { renderSummary } from "./render-summary.js";
import { packageRoot } from "../pipeline/io/package-root.js";

const REPOSITORY_ROOT = packageRoot(import.meta.url);

export const HELP = `Usage: eval [options]

Runs the pipeline on every gold-labeled fixture (fixtures/gold/*.gold.json, the seeds, and
fixtures/variants/gold/*.gold.json, the layout variants), in each rendition that exists (the text-layer PDF, and
the scanned one when the pdf-scanned/ folder beside it has it), and scores it against gold.
Writes report.json (every number) and report.md (the tables, and the worst mismatches side by side).

Options:
  --extractor NAME        rules | llm | auto (default: auto with an endpoint, rules without)
  --model NAME            model name (env OPENAI_MODEL); the endpoint comes from OPENAI_BASE_URL / OPENAI_API_KEY
  --base-url URL          OpenAI-compatible endpoint (env OPENAI_BASE_URL)
  --no-cache              do not read or write the LLM response cache
  --cache-dir DIR         response cache (default .cache/llm)
  --concurrency N         documents processed at once (default: cores)
  --llm-concurrency N     LLM requests in flight (default 4)
  --out DIR               report folder (default eval/reports/latest)
  --baseline FILE         an earlier report.json: show every metric's change, exit 1 on a drop beyond --tolerance
  --tolerance N           how far a quality metric may drop (default ${DEFAULT_TOLERANCE})
  --nightly               write eval/reports/nightly/YYYY-MM-DD/ (UTC date) and compare with the latest earlier one
  --nightly-dir DIR       folder of dated nightly reports (default eval/reports/nightly)
  --review-flags FILE     review-flags.jsonl from \`review export\`: the analysts' flag precision beside gold's
  --prices FILE           model → USD per 1M input/output tokens (default eval/prices.json)
  --fixtures-dir DIRS     comma-separated folders of gold files (default fixtures/gold,fixtures/variants/gold)
  --scanned-dir DIR       scanned renditions, same file names (default: each fixture's pdf-scanned/ beside its pdf/)
  --renditions LIST       comma-separated: text-layer,scanned (default both; scanned only where the file exists)
  --ocr-min-confidence N  an OCR'd value below this confidence is in doubt (as \`ingest\` takes it)
  --ocr-cache DIR         dev only: record each scanned page's recognition there and replay it on later runs
                          (keyed on the PDF, engine, dpi and recognition code), to iterate on what follows OCR
  --progress KIND         bar | lines | none (default lines on a terminal, none elsewhere)
  --verbose               pipeline debug events on stderr
  -h, --help              this text

Exit codes: 0 scored (and no regression against the baseline); 1 a quality metric dropped by more than the
tolerance; 2 usage error or unreadable input (gold, prices, baseline).`;

export interface CliStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** The `eval` command: parses the arguments, runs `evaluate`, prints the scores; returns the exit code. */
export async function runEvalCli(argv: readonly string[], streams: CliStreams, dependencies: EvalDependencies = {}): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        extractor: { type: "string" },
        model: { type: "string" },
        "base-url": { type: "string" },
        "no-cache": { type: "boolean" },
        "cache-dir": { type: "string" },
        concurrency: { type: "string" },
        "llm-concurrency": { type: "string" },
        out: { type: "string" },
        baseline: { type: "string" },
        tolerance: { type: "string" },
        nightly: { type: "boolean" },
        "nightly-dir": { type: "string" },
        prices: { type: "string" },
        "review-flags": { type: "string" },
        "fixtures-dir": { type: "string" },
        "scanned-dir": { type: "string" },
        renditions: { type: "string" },
        "ocr-min-confidence": { type: "string" },
        "ocr-cache": { type: "string" },
        progress: { type: "string" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    streams.stderr.write(`eval: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}\n`);
    return 2;
  }
  if (values.help) {
    streams.stdout.write(`${HELP}\n`);
    return 0;
  }

  try {
    const fromRoot = (file: string) => path.resolve(REPOSITORY_ROOT, file);
    const now = (dependencies.now ?? (() => new Date()))();
    const nightlyDir = path.resolve(values["nightly-dir"] ?? fromRoot("eval/reports/nightly"));
    const today = now.toISOString().slice(0, 10);
    const outDir = path.resolve(values.out ?? (values.nightly ? path.join(nightlyDir, today) : fromRoot("eval/reports/latest")));
    let baselineFile = values.baseline ? path.resolve(values.baseline) : null;
    if (values.nightly && baselineFile === null) {
      baselineFile = await findPreviousReport(nightlyDir, today);
      streams.stderr.write(baselineFile ? `nightly: comparing with ${baselineFile}\n` : `nightly: no earlier report in ${nightlyDir}, nothing to compare with\n`);
    }
    // Progress lines help a person watching a slow LLM eval; in CI they would only bury the scores.
    const progress = values.progress ?? (isTerminal(streams.stderr) ? "lines" : "none");
    const logger = createLineLogger(streams.stderr, Boolean(values.verbose));
    const outcome = await evaluate(
      {
        pipeline: {
          extractor: values.extractor,
          model: values.model,
          baseUrl: values["base-url"],
          cache: values["no-cache"] ? false : undefined,
          cacheDir: values["cache-dir"],
          concurrency: values.concurrency,
          llmConcurrency: values["llm-concurrency"],
          progress,
          ocrMinConfidence: values["ocr-min-confidence"],
        },
        outDir,
        goldDirs: (values["fixtures-dir"] ?? "fixtures/gold,fixtures/variants/gold")
          .split(",")
          .map((dir) => dir.trim())
          .filter((dir) => dir !== "")
          .map((dir) => (values["fixtures-dir"] ? path.resolve(dir) : fromRoot(dir))),
        rootDir: REPOSITORY_ROOT,
        scannedDir: values["scanned-dir"] ? path.resolve(values["scanned-dir"]) : null,
        renditions: parseRenditions(values.renditions),
        pricesFile: path.resolve(values.prices ?? fromRoot("eval/prices.json")),
        baselineFile,
        tolerance: parseTolerance(values.tolerance),
        reviewFlagsFile: values["review-flags"] ? path.resolve(values["review-flags"]) : null,
        ocrCacheDir: values["ocr-cache"] ? path.resolve(values["ocr-cache"]) : null,
      },
      {
        logger,
        ...(progress === "bar" || progress === "lines" ? { progress: createProgressReporter(progress) } : {}),
        ...dependencies,
        now: () => now,
      },
    );
    const relative = (file: string) => path.relative(process.cwd(), file) || file;
    streams.stdout.write(renderSummary(outcome.report, { json: relative(outcome.files.json), markdown: relative(outcome.files.markdown), html: relative(outcome.files.html) }));
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof EvalError || error instanceof GoldFileError || error instanceof ConfigError) {
      streams.stderr.write(`eval: ${error.message}\n`);
      return 2;
    }
    if (error instanceof PipelineError) {
      streams.stderr.write(`eval: the pipeline could not run: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function isTerminal(stream: NodeJS.WritableStream): boolean {
  return "isTTY" in stream && stream.isTTY === true;
}

function parseRenditions(value: string | undefined): Rendition[] {
  if (value === undefined) return [...RenditionSchema.options];
  const names = value.split(",").map((name) => name.trim()).filter((name) => name !== "");
  const renditions = names.map((name) => {
    const parsed = RenditionSchema.safeParse(name);
    if (!parsed.success) throw new EvalOptionsError(`Expected \`--renditions\` to list ${RenditionSchema.options.join(", ")}, got \`${name}\``);
    return parsed.data;
  });
  if (renditions.length === 0) throw new EvalOptionsError("Expected `--renditions` to name at least one of text-layer, scanned");
  return renditions;
}

function parseTolerance(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TOLERANCE;
  const tolerance = Number(value);
  if (value.trim() === "" || !Number.isFinite(tolerance) || tolerance < 0 || tolerance > 1) {
    throw new EvalOptionsError(`Expected \`--tolerance\` to be a number from 0 to 1 (a drop in a ratio), got \`${value}\``);
  }
  return tolerance;
}
