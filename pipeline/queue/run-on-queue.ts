import { setMaxListeners } from "node:events";
import path from "node:path";
import { loadPrompt } from "../../prompts/load-prompt.js";
import { resolveConfig, type CliOptions, type PipelineConfig, type QueueConfig } from "../config.js";
import type { StageContext } from "../context.js";
import { ConfigError } from "../errors.js";
import { silentLogger } from "../logger.js";
import { createProgressReporter } from "../progress.js";
import type { RunDependencies, RunOutcome } from "../run-pipeline.js";
import { summarizeRun, writeRunFiles } from "../summarize-run.js";
import { resultFileSource } from "../write-outputs.js";
import { collectRun } from "./collect-run.js";
import { readQueueRun, type QueueRun } from "./queue-run-file.js";
import { connectRedis, openStageQueues, probeRedis, type StageQueues } from "./stage-queues.js";
import { submitRun } from "./submit-run.js";

type QueuedConfig = PipelineConfig & { readonly queue: QueueConfig };

/**
 * `ingest --queue`: the runner's other backend. The documents go on the queue for `npm run worker`
 * processes; this process waits for them and writes the same outputs a single-machine run writes.
 * `wait: false` (`--no-wait`) submits and returns; `collectQueuedRun` gathers later.
 */
export async function runOnQueue(config: QueuedConfig, cliOptions: CliOptions, dependencies: RunDependencies & { readonly wait: false }): Promise<QueueRun>;
export async function runOnQueue(config: QueuedConfig, cliOptions: CliOptions, dependencies?: RunDependencies & { readonly wait?: true }): Promise<RunOutcome>;
export async function runOnQueue(config: QueuedConfig, cliOptions: CliOptions, dependencies: RunDependencies & { readonly wait?: boolean } = {}): Promise<RunOutcome | QueueRun> {
  const startedAt = new Date();
  return withQueues(config, async (queues) => {
    const run = await submitRun(stageOf(config, dependencies), cliOptions, queues);
    if (dependencies.wait === false) return run;
    return collect(run, queues, config, dependencies, startedAt);
  });
}

/** `ingest --collect --out DIR --queue URL`: waits for a run submitted into DIR and writes its outputs. */
export async function collectQueuedRun(outDir: string, cliOptions: CliOptions, dependencies: RunDependencies = {}): Promise<RunOutcome> {
  const startedAt = new Date();
  const run = await readQueueRun(path.resolve(outDir));
  const config = collectConfig(run, cliOptions);
  return withQueues(config, (queues) => collect(run, queues, config, dependencies, startedAt));
}

/** `collectConfig` of the run submitted into `outDir` (its queue-run.json). */
export async function collectConfigOf(outDir: string, cliOptions: CliOptions): Promise<QueuedConfig> {
  return collectConfig(await readQueueRun(outDir), cliOptions);
}

/** The run's own options (as its workers see them) with this command's queue, progress and log format. */
export function collectConfig(run: QueueRun, cliOptions: CliOptions): QueuedConfig {
  const config = resolveConfig({ ...run.options, queue: cliOptions.queue, queueAttempts: cliOptions.queueAttempts, progress: cliOptions.progress, logFormat: cliOptions.logFormat });
  if (!config.queue) throw new ConfigError("--collect needs --queue redis://HOST:PORT[/DB] (or INGEST_QUEUE)");
  return config as QueuedConfig;
}

async function collect(run: QueueRun, queues: StageQueues, config: QueuedConfig, dependencies: RunDependencies, startedAt: Date): Promise<RunOutcome> {
  const stage = stageOf(config, dependencies);
  const progress = dependencies.progress ?? createProgressReporter("none");
  const collected = await collectRun(run, queues, stage, progress);
  const metadata = run.documents.map((document) => document.metadata);
  const documents = resultFileSource(collected.resultFiles, metadata);
  // The model's counters are the workers', reported with each document's job; --max-cost and batch mode are
  // refused with --queue (config), so there is no ceiling or batch to report.
  const model = { stats: collected.model, ceiling: null, batches: null };
  const summary = await summarizeRun(documents, config, model, loadPrompt("extract-project").version, startedAt, collected.reused);
  const files = await writeRunFiles(config, documents, summary);
  const results = [];
  if (dependencies.keepResults) for await (const result of documents.each()) results.push(result);
  return { summary, files, results, exitCode: summary.totals.failed > 0 ? 1 : 0, interrupted: stage.signal.aborted };
}

function stageOf(config: QueuedConfig, dependencies: RunDependencies): StageContext & { config: QueuedConfig } {
  const signal = dependencies.signal ?? new AbortController().signal;
  setMaxListeners(0, signal);
  return { config, logger: dependencies.logger ?? silentLogger, signal };
}

async function withQueues<T>(config: QueuedConfig, work: (queues: StageQueues) => Promise<T>): Promise<T> {
  await probeRedis(config.queue.url);
  const redis = connectRedis(config.queue.url);
  const queues = openStageQueues(redis);
  try {
    return await work(queues);
  } finally {
    await queues.close();
    redis.disconnect();
  }
}
