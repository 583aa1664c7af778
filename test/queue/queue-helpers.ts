import { readFileSync } from "node:fs";
import path from "node:path";
import { resolveConfig, type CliOptions, type QueueConfig, type PipelineConfig } from "../../pipeline/config.js";

/** The options and the resolved configuration of a run, `queue` among them when given. */
export function runConfig(options: CliOptions, env: Record<string, string> = {}): { options: CliOptions; config: PipelineConfig & { queue: QueueConfig } } {
  const full: CliOptions = { progress: "none", formats: "csv", ...options };
  return { options: full, config: resolveConfig(full, { INGEST_QUEUE_POLL_MS: "100", ...env }, false) as PipelineConfig & { queue: QueueConfig } };
}

/** run.json without what differs between any two runs: when, how long, and the LLM gateway's own counters. */
export function runSummaryWithoutTimings(outDir: string): unknown {
  const summary = JSON.parse(readFileSync(path.join(outDir, "run.json"), "utf8")) as Record<string, unknown> & { documents: Array<Record<string, unknown>> };
  const { startedAt: _startedAt, finishedAt: _finishedAt, durationMs: _durationMs, ...rest } = summary;
  return { ...rest, documents: summary.documents.map(({ durationMs: _duration, ...document }) => document) };
}
