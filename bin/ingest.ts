#!/usr/bin/env -S npx tsx
import { parseArgs } from "node:util";
import path from "node:path";
import { redactUrl, resolveConfig, type CliOptions } from "../pipeline/config.js";
import { ConfigError, RunLockedError } from "../pipeline/errors.js";
import { createJsonLogger, createLineLogger } from "../pipeline/logger.js";
import { createProgressReporter } from "../pipeline/progress.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import type { RunSummary } from "../schemas/run-summary.js";

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
  --breaker-failures N      consecutive provider failures that pause the model path and probe
                            the endpoint; if it stays down the rest fail fast (default 10, 0 = off)
  --breaker-pause-ms N      how long that pause lasts before the probe (default 30000)
  --reask-token-budget N    tokens a unit may lose before a re-ask is refused (default 16000)
  --prices FILE             model → price per 1M input / cached input / output tokens (default eval/prices.json)
  --max-cost AMOUNT         stop sending to the model before the run's cost would cross AMOUNT (price table's
                            currency); units left keep the rules' reading, flagged llm_not_sent_cost_ceiling
  --llm-mode MODE           sync | batch: batch sends the model's units as OpenAI Batch API jobs at half price,
                            answered within 24 h (default sync)
  --batch-poll-ms N         batch: how often a submitted batch is polled (default 30000)
  --batch-collect-ms N      batch: submit once no new request has come for N ms (default 30000)
  --batch-documents N       batch: documents that may wait on batches at once (default 2000)
  --vision-model NAME       read units on scanned pages the OCR was unsure of (and, with auto, units it routes)
                            from the page images with this vision model, the OCR text as a hint
  --vision-min-ocr-confidence X  below this mean OCR confidence a scanned page is read as an image (default 0.9)
  --vision-max-unit-image-tokens N  image tokens one unit may send (default 6000)
  --vision-max-image-tokens N  image tokens the whole run may send (default 2000000)
  --vision-dpi N            resolution of the page images (default 150)
  --route-on CODES          auto: flag codes (errors) that send a unit to the LLM, or all-errors
                            (default: ungrounded, taxonomy_*, money_unparseable, money_parts_mismatch)
  --max-pages N             refuse documents with more pages (default 500)
  --max-file-mb N           refuse larger files (default 200)
  --max-inflated-mb N       refuse documents whose compressed streams (not images) inflate to more,
                            checked before parsing: decompression bombs (default 256)
  --max-operators N         refuse documents that draw more operators (default 20000000)
  --max-read-seconds N      stop reading a document after this long (default 600)
  --max-worker-memory-mb N  heap of a document reader thread (default 4096)
                            (over any of these: pdf_too_costly, naming the limit)
  --retry-failed            try again the documents an earlier run of --out failed
  --formats LIST            tabular outputs besides records.jsonl (default csv,xlsx,sqlite)
  --headers LANG            en | zh: header rows of the CSV files and sheets (default en)
  --ocr-engine NAME         paddle | paddle-float | tesseract, for pages without a usable text layer (default paddle:
                            int8 models, unsure crops re-read by the float recognizer; paddle-float: float models only)
  --ocr-workers N           OCR worker threads (default: cores)
  --ocr-min-confidence X    a value OCR read with a character below this confidence is in doubt (default 0.9)
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

Exit codes: 0 every document went through; 1 some failed (the others are written); 2 usage error,
no input found, or --out in use by another run.`;

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
        "breaker-failures": { type: "string" },
        "breaker-pause-ms": { type: "string" },
        "reask-token-budget": { type: "string" },
        prices: { type: "string" },
        "max-cost": { type: "string" },
        "llm-mode": { type: "string" },
        "batch-poll-ms": { type: "string" },
        "batch-collect-ms": { type: "string" },
        "batch-documents": { type: "string" },
        "vision-model": { type: "string" },
        "vision-min-ocr-confidence": { type: "string" },
        "vision-max-unit-image-tokens": { type: "string" },
        "vision-max-image-tokens": { type: "string" },
        "vision-dpi": { type: "string" },
        "route-on": { type: "string" },
        "max-pages": { type: "string" },
        "max-file-mb": { type: "string" },
        "max-inflated-mb": { type: "string" },
        "max-operators": { type: "string" },
        "max-read-seconds": { type: "string" },
        "max-worker-memory-mb": { type: "string" },
        progress: { type: "string" },
        "retry-failed": { type: "boolean" },
        "ocr-engine": { type: "string" },
        "ocr-workers": { type: "string" },
        "ocr-min-confidence": { type: "string" },
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
    breakerFailures: values["breaker-failures"],
    breakerPauseMs: values["breaker-pause-ms"],
    reaskTokenBudget: values["reask-token-budget"],
    prices: values.prices,
    maxCost: values["max-cost"],
    llmMode: values["llm-mode"],
    batchPollMs: values["batch-poll-ms"],
    batchCollectMs: values["batch-collect-ms"],
    batchDocuments: values["batch-documents"],
    visionModel: values["vision-model"],
    visionMinOcrConfidence: values["vision-min-ocr-confidence"],
    visionMaxUnitImageTokens: values["vision-max-unit-image-tokens"],
    visionMaxImageTokens: values["vision-max-image-tokens"],
    visionDpi: values["vision-dpi"],
    routeOn: values["route-on"],
    maxPages: values["max-pages"],
    maxFileMb: values["max-file-mb"],
    maxInflatedMb: values["max-inflated-mb"],
    maxOperators: values["max-operators"],
    maxReadSeconds: values["max-read-seconds"],
    maxWorkerMemoryMb: values["max-worker-memory-mb"],
    progress: values.progress,
    retryFailed: values["retry-failed"],
    ocrEngine: values["ocr-engine"],
    ocrWorkers: values["ocr-workers"],
    ocrMinConfidence: values["ocr-min-confidence"],
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
    // The queue's modules (BullMQ, ioredis) load only for a queue run: a single-machine run starts as before.
    const queueBackend = () => import("../pipeline/queue/run-on-queue.js");
    const config = values.collect ? await (await queueBackend()).collectConfigOf(path.resolve(values.out!), options) : resolveConfig(options);
    const onQueue = config.queue ? { backend: await queueBackend(), config: { ...config, queue: config.queue } } : null;
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
    if (onQueue && values["no-wait"]) {
      const run = await onQueue.backend.runOnQueue(onQueue.config, options, { ...dependencies, wait: false });
      const submitted = run.documents.filter((document) => document.origin === "submitted").length;
      process.stdout.write(`submitted   ${submitted} of ${run.documents.length} documents to ${redactUrl(onQueue.config.queue.url)} (run ${run.runId})\ncollect     npm run ingest -- --collect --out ${path.relative(process.cwd(), config.outDir) || "."} --queue ${redactUrl(onQueue.config.queue.url)}\n`);
      return 0;
    }
    const outcome = !onQueue
      ? await runPipeline(config, dependencies)
      : values.collect
        ? await onQueue.backend.collectQueuedRun(config.outDir, options, dependencies)
        : await onQueue.backend.runOnQueue(onQueue.config, options, dependencies);
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
          `llm         ${totals.llmRequests} requests, ${totals.llmCacheHits} cache hits, ${totals.usage.promptTokens + totals.usage.completionTokens} tokens${totals.llmNotSent ? `, ${totals.llmNotSent} not sent (the endpoint was down)` : ""}`,
          ...(totals.llmRequests > 0 || totals.cost.billedUsage.promptTokens > 0 ? [`cost        ${describeCost(totals.cost)}`] : []),
          ...(outcome.summary.batches ?? []).map(
            (batch) =>
              `batch       ${batch.id} ${batch.status}: ${batch.requests} requests${batch.reasks ? ` (${batch.reasks} re-asks)` : ""}, ${batch.completed} answered, ${batch.failed} failed` +
              `${batch.durationMs === null ? "" : `, ${(batch.durationMs / 60_000).toFixed(1)} min`}${batch.cost === null ? "" : `, ${batch.cost} ${totals.cost.currency}`}`,
          ),
          ...(totals.costCeiling?.reached
            ? [`max-cost    ${totals.costCeiling.limit} reached at request ${totals.costCeiling.firstRefusedRequest}: ${totals.costCeiling.unitsLeftForRules.length} units kept the rules' reading (run.json totals.costCeiling)`]
            : []),
          `output      ${[outcome.files.records, outcome.files.flagged, outcome.files.summary, ...outcome.files.tabular].map(relative).join(", ")}`,
          ...outcome.summary.documents
            .filter((document) => document.status === "failed")
            .map((document) => `failed      ${relative(document.path)}: ${(document.error as { message?: string } | null)?.message ?? "unknown error"}`),
        ].join("\n") + "\n",
      );
    }
    return outcome.interrupted ? 130 : outcome.exitCode;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof RunLockedError) {
      process.stderr.write(`ingest: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** `0.004200 USD (sync), prompt cache 80.0 % of input tokens, saving 0.004800 USD`. */
function describeCost(cost: RunSummary["totals"]["cost"]): string {
  const share = cost.promptCache.hitShare === null ? "no input billed" : `prompt cache ${(cost.promptCache.hitShare * 100).toFixed(1)} % of input tokens`;
  if (cost.amount === null) return `no price (model not in the price table), ${share}`;
  return `${cost.amount} ${cost.currency} (${cost.billing}), ${share}, saving ${cost.promptCache.saving} ${cost.currency}`;
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
