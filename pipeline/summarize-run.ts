import type { BatchReport, CostCeilingSummary, RunSummary } from "../schemas/run-summary.js";
import type { PipelineConfig } from "./config.js";
import { addUsage, NO_USAGE, subtractUsage } from "./extractors/extraction-result.js";
import type { CostCeilingReport } from "./llm/cost-ceiling.js";
import type { GatewayStats } from "./llm/llm-gateway.js";
import { summarizeCost } from "./llm/summarize-cost.js";
import { writeRunOutputs, type RunOutputFiles } from "./write-outputs.js";
import type { DocumentSource } from "./writers/document-source.js";
import { OUTPUT_WRITERS } from "./writers/output-writers.js";

/** What the model's side of a run reports besides the documents: null parts when no gateway ran. */
export interface ModelReport {
  /** The gateway's counters (summed over the workers in a queue run). */
  readonly stats: Readonly<GatewayStats> | null;
  /** `--max-cost`'s report, null without a ceiling. */
  readonly ceiling: CostCeilingReport | null;
  /** `--llm-mode batch`'s jobs, null in sync mode. */
  readonly batches: BatchReport[] | null;
}

/** The run's combined files: records.jsonl, flagged.jsonl, run.json, then each tabular format asked for. */
export async function writeRunFiles(config: PipelineConfig, documents: DocumentSource, summary: RunSummary): Promise<RunOutputFiles & { readonly tabular: readonly string[] }> {
  const outputs = await writeRunOutputs(config.outDir, documents, summary);
  const tabular: string[] = [];
  for (const format of config.formats) tabular.push(...(await OUTPUT_WRITERS[format](config.outDir, documents, { headers: config.headers })));
  return { ...outputs, tabular };
}

/** The run's totals and one entry per document, from one pass over the documents: records are counted, not kept. */
export async function summarizeRun(documents: DocumentSource, config: PipelineConfig, model: ModelReport, promptVersion: string, startedAt: Date, reused: number): Promise<RunSummary> {
  const results: RunSummary["documents"] = [];
  const flagsByCode: Record<string, number> = {};
  const flagsBySeverity: Record<string, number> = {};
  let flaggedRecords = 0;
  // Answers from the local response cache were paid for by an earlier run.
  let replayedUsage = NO_USAGE;
  const unitsLeftForRules: CostCeilingSummary["unitsLeftForRules"] = [];
  for await (const { records: documentRecords, ...rest } of documents.each()) {
    results.push({ ...rest, projects: documentRecords.length, indicators: documentRecords.reduce((total, record) => total + record.indicators.length, 0) });
    if (rest.status !== "done") continue;
    for (const record of documentRecords) {
      if (record.flags.some((flag) => flag.severity !== "info")) flaggedRecords++;
      if (record.extraction.cached) replayedUsage = addUsage(replayedUsage, record.extraction.usage);
      if (record.extraction.notSentToModel === "cost_ceiling") {
        unitsLeftForRules.push({ document: record.document.path, unit: record.unit.index, recordId: record.id, project: record.project.name });
      }
    }
    // Every row of the flags table once: each record's flags, and each document-level flag once for its document.
    for (const flag of [...documentRecords.flatMap((record) => record.flags), ...rest.documentFlags]) {
      flagsByCode[flag.code] = (flagsByCode[flag.code] ?? 0) + 1;
      flagsBySeverity[flag.severity] = (flagsBySeverity[flag.severity] ?? 0) + 1;
    }
  }
  const done = results.filter((result) => result.status === "done");
  const sum = (pick: (result: RunSummary["documents"][number]) => number) => results.reduce((total, result) => total + pick(result), 0);
  const finishedAt = new Date();
  const usage = results.reduce((total, result) => addUsage(total, result.usage), NO_USAGE);
  const { stats, ceiling } = model;
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    config: {
      extractor: config.extractor,
      extractorReason: config.extractorReason,
      model: config.llm?.model ?? null,
      // The host only: a URL may carry credentials in its user-info or query.
      endpoint: config.llm ? endpointHost(config.llm.baseUrl) : null,
      promptVersion: config.llm ? promptVersion : null,
      cache: config.cache.enabled,
    },
    totals: {
      documents: results.length,
      done: done.length,
      failed: results.filter((result) => result.status === "failed").length,
      reused,
      projects: done.reduce((total, result) => total + result.projects, 0),
      indicators: done.reduce((total, result) => total + result.indicators, 0),
      flaggedRecords,
      flagsByCode,
      flagsBySeverity,
      unitsByExtractor: { rules: sum((result) => result.unitsByExtractor.rules), llm: sum((result) => result.unitsByExtractor.llm) },
      routedToLlm: sum((result) => result.routedToLlm),
      llmCallsSaved: config.extractor === "auto" ? sum((result) => result.unitsByExtractor.rules) : 0,
      llmRequests: stats?.requests ?? 0,
      llmCacheHits: stats?.cacheHits ?? 0,
      llmRetries: stats?.retries ?? 0,
      llmPeakInFlight: stats?.peakInFlight ?? 0,
      llmNotSent: stats?.refusedByBreaker ?? 0,
      usage,
      failedAttemptUsage: results.reduce((total, result) => addUsage(total, result.failedAttemptUsage), NO_USAGE),
      cost: summarizeCost(config.prices.table, config.llm?.model ?? null, subtractUsage(usage, replayedUsage), config.llmMode.mode),
      costCeiling: ceiling ? { ...ceiling, unitsLeftForRules } : null,
    },
    documents: results,
    batches: model.batches,
  };
}

function endpointHost(baseUrl: string | undefined): string {
  if (!baseUrl) return "api.openai.com";
  try {
    return new URL(baseUrl).host;
  } catch {
    return "(invalid URL)";
  }
}
