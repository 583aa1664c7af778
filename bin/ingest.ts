#!/usr/bin/env -S npx tsx
import { parseArgs } from "node:util";
import path from "node:path";
import { redactUrl, resolveConfig, type CliOptions } from "../pipeline/config.js";
import { ConfigError } from "../pipeline/errors.js";
import { createJsonLogger, createLineLogger } from "../pipeline/logger.js";
import { createProgressReporter } from "../pipeline/progress.js";
import { readQueueRun } from "../pipeline/queue/queue-run-file.js";
import { collectConfig, collectQueuedRun, runOnQueue } from "../pipeline/queue/run-on-queue.js";
import { runPipeline } from "../pipeline/run-pipeline.js";

const HELP = `Usage: ingest [options] <pdf|folder|glob|manifest.csv>...
       ingest --collect --out DIR --queue redis://HOST:PORT[/DB]

Turns performance-target disclosures (项目支出绩效目标表) into checked JSON records.

Output (in --out):  records.jsonl  one project per line
                    flagged.jsonl  the review queue (records with warnings or errors)
                    run.json       documents, failures, flags, tokens, time
                    projects.csv, indicators.csv, flags.csv, documents.csv (UTF-8 with BOM)
                    records.xlsx, records.sqlite
                    state.sqlite   what is done: re-running the same command skips it

A manifest is a CSV with a path column; its other columns (region, year, ...) go into the records.

Options:
  --out DIR                 run directory (default runs/latest)
  --extractor NAME          rules | llm | auto (default: auto with an endpoint, rules without)
  --model NAME              model name (env OPENAI_MODEL)
  --base-url URL            OpenAI-compatible endpoint (env OPENAI_BASE_URL)
  --api-key KEY             API key (env OPENAI_API_KEY; prefer the env: flags show in ps)
  --no-cache                do not read or write the LLM response cache
  --cache-dir DIR           response cache (default .cache/llm)
  --concurrency N           documents processed at once (default: cores)
  --llm-concurrency N       LLM requests in flight (default 4)
  --rpm N                   LLM requests per minute, 0 = no cap (default 0)
  --timeout-ms N            per-request timeout (default 120000)
  --max-retries N           retries on 408/409/429/5xx/timeouts (default 4)
  --reask-token-budget N    tokens a unit may lose before a re-ask is refused (default 16000)
  --route-on CODES          auto: flag codes (errors) that send a unit to the LLM, or all-errors
                            (default: ungrounded, taxonomy_*, money_unparseable, money_parts_mismatch)
  --max-pages N             refuse documents with more pages (default 500)
  --max-file-mb N           refuse larger files (default 200)
  --retry-failed            try again the documents an earlier run of --out failed
  --formats LIST            tabular outputs besides records.jsonl (default csv,xlsx,sqlite)
  --headers LANG            en | zh: header rows of the CSV files and sheets (default en)
  --ocr-engine NAME         paddle | tesseract, for pages without a usable text layer (default paddle)
  --ocr-workers N           OCR worker threads (default: cores)
  --progress KIND           bar | lines | none (default: bar on a terminal, none with --log-format json)
  --log-format KIND         lines | json: one JSON object a line on stderr, for log shippers (default lines)
  --queue URL               redis://HOST:PORT[/DB]: the documents go on a BullMQ queue for \`npm run worker\`
                            processes (inputs and --out on storage every worker reaches); this command waits
                            and writes the same outputs (env INGEST_QUEUE; default: everything in this process)
  --no-wait                 with --queue: submit and exit; gather later with --collect
  --collect                 with --queue and --out: wait for a submitted run and write its outputs
  --queue-attempts N        tries of a document's job before it fails (default 3)
  --json                    print the run summary as JSON on stdout
  --verbose                 debug events on stderr
  -h, --help                this text

Exit codes: 0 every document went through; 1 some failed (the others are written); 2 usage error.`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: "string" },
        extractor: { type: "string" },
        model: { type: "string" },
        "base-url": { type: "string" },
        "api-key": { type: "string" },
        "no-cache": { type: "boolean" },
        "cache-dir": { type: "string" },
        concurrency: { type: "string" },
        "llm-concurrency": { type: "string" },
        rpm: { type: "string" },
        "timeout-ms": { type: "string" },
        "max-retries": { type: "string" },
        "reask-token-budget": { type: "string" },
        "route-on": { type: "string" },
        "max-pages": { type: "string" },
        "max-file-mb": { type: "string" },
        progress: { type: "string" },
        "retry-failed": { type: "boolean" },
        "ocr-engine": { type: "string" },
        "ocr-workers": { type: "string" },
        formats: { type: "string" },
        headers: { type: "string" },
        "log-format": { type: "string" },
        queue: { type: "string" },
        "no-wait": { type: "boolean" },
        collect: { type: "boolean" },
        "queue-attempts": { type: "string" },
        json: { type: "boolean" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const options: CliOptions = {
    inputs: positionals,
    out: values.out,
    extractor: values.extractor,
    model: values.model,
    baseUrl: values["base-url"],
    apiKey: values["api-key"],
    cache: values["no-cache"] ? false : undefined,
    cacheDir: values["cache-dir"],
    concurrency: values.concurrency,
    llmConcurrency: values["llm-concurrency"],
    requestsPerMinute: values.rpm,
    timeoutMs: values["timeout-ms"],
    maxRetries: values["max-retries"],
    reaskTokenBudget: values["reask-token-budget"],
    routeOn: values["route-on"],
    maxPages: values["max-pages"],
    maxFileMb: values["max-file-mb"],
    progress: values.progress,
    retryFailed: values["retry-failed"],
    ocrEngine: values["ocr-engine"],
    ocrWorkers: values["ocr-workers"],
    formats: values.formats,
    headers: values.headers,
    logFormat: values["log-format"],
    queue: values.queue,
    queueAttempts: values["queue-attempts"],
  };

  try {
    if (values.collect && positionals.length > 0) throw new ConfigError("--collect takes no inputs: it gathers the run submitted into --out");
    if (values.collect && !values.out) throw new ConfigError("--collect needs --out DIR, the run directory the run was submitted into");
    if (!values.collect && positionals.length === 0) throw new ConfigError("No input: name PDF files, folders or globs (see --help)");
    const config = values.collect ? collectConfig(await readQueueRun(path.resolve(values.out!)), options) : resolveConfig(options);
    if (values["no-wait"] && !config.queue) throw new ConfigError("--no-wait needs --queue: without a queue the run happens in this process");
    const verbose = Boolean(values.verbose);
    const logger = config.logFormat === "json" ? await createJsonLogger(null, verbose) : createLineLogger(process.stderr, verbose);
    if (config.logFormat === "json") logger.info("extractor-chosen", { extractor: config.extractor, reason: config.extractorReason });
    else process.stderr.write(`extractor: ${config.extractor} (${config.extractorReason})\n`);
    const controller = new AbortController();
    process.once("SIGINT", () => {
      process.stderr.write(
        config.queue
          ? "\ninterrupted: no longer waiting (the workers go on; --collect gathers the rest); writing what is done\n"
          : "\ninterrupted: abandoning documents in flight (the next run redoes them); writing what is done\n",
      );
      controller.abort(new Error("interrupted"));
      // A second Ctrl-C means now.
      process.once("SIGINT", () => process.exit(130));
    });
    const dependencies = { logger, progress: createProgressReporter(config.progress), signal: controller.signal };
    if (config.queue && values["no-wait"]) {
      const run = await runOnQueue({ ...config, queue: config.queue }, options, { ...dependencies, wait: false });
      const submitted = run.documents.filter((document) => document.origin === "submitted").length;
      process.stdout.write(`submitted   ${submitted} of ${run.documents.length} documents to ${redactUrl(config.queue.url)} (run ${run.runId})\ncollect     npm run ingest -- --collect --out ${path.relative(process.cwd(), config.outDir) || "."} --queue ${redactUrl(config.queue.url)}\n`);
      return 0;
    }
    const outcome = values.collect
      ? await collectQueuedRun(config.outDir, options, dependencies)
      : config.queue
        ? await runOnQueue({ ...config, queue: config.queue }, options, dependencies)
        : await runPipeline(config, dependencies);
    const { totals } = outcome.summary;
    if (values.json) {
      process.stdout.write(JSON.stringify(outcome.summary, null, 2) + "\n");
    } else {
      const relative = (file: string) => path.relative(process.cwd(), file) || file;
      const flags = Object.entries(totals.flagsByCode).sort(([, a], [, b]) => b - a).map(([code, count]) => `${code} ${count}`);
      process.stdout.write(
        [
          `documents   ${totals.documents} (${totals.done} done, ${totals.failed} failed${totals.reused ? `, ${totals.reused} taken from an earlier run` : ""})`,
          `projects    ${totals.projects} (rules ${totals.unitsByExtractor.rules}, llm ${totals.unitsByExtractor.llm}, routed to llm ${totals.routedToLlm})`,
          `indicators  ${totals.indicators}`,
          `flags       ${flags.length ? flags.join(", ") : "none"}`,
          `for review  ${totals.flaggedRecords} records`,
          `llm         ${totals.llmRequests} requests, ${totals.llmCacheHits} cache hits, ${totals.usage.promptTokens + totals.usage.completionTokens} tokens`,
          `output      ${[outcome.files.records, outcome.files.flagged, outcome.files.summary, ...outcome.files.tabular].map(relative).join(", ")}`,
          ...outcome.summary.documents
            .filter((document) => document.status === "failed")
            .map((document) => `failed      ${relative(document.path)}: ${(document.error as { message?: string } | null)?.message ?? "unknown error"}`),
        ].join("\n") + "\n",
      );
    }
    return outcome.interrupted ? 130 : outcome.exitCode;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ingest: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ingest: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
