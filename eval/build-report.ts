import path from "node:path";
import type { PipelineConfig } from "../pipeline/config.js";
import { LayoutFamilySchema } from "../schemas/project-record.js";
import type { DocumentResult, RunSummary } from "../schemas/run-summary.js";
import { aggregateScores } from "./aggregate-scores.js";
import { computeMetrics } from "./compute-metrics.js";
import { estimatePrice } from "./estimate-price.js";
import type { DocumentReport, EvalReport, ScopeScore } from "./eval-report.js";
import type { EvalInput } from "./find-renditions.js";
import { flattenMetrics } from "./flatten-metrics.js";
import { measureCost } from "./measure-cost.js";
import type { PriceTable } from "./price-table.js";
import { RenditionSchema } from "./rendition.js";
import type { CostCounts, ScoreCounts } from "./score-counts.js";
import { scoreDocument } from "./score-document.js";

export interface ReportInput {
  readonly inputs: readonly EvalInput[];
  /** The pipeline's results, keyed by absolute input path. */
  readonly results: ReadonlyMap<string, DocumentResult>;
  readonly summary: RunSummary;
  readonly config: PipelineConfig;
  readonly prices: { readonly file: string; readonly table: PriceTable };
  readonly git: EvalReport["git"];
  readonly createdAt: Date;
}

/**
 * Scores every input against its gold and assembles the report: each document per rendition, each layout
 * family per rendition, and overall per rendition (renditions are never mixed, so a scanned copy added later
 * does not move the text-layer numbers), plus the flat metric map a baseline compares.
 */
export function buildReport(input: ReportInput): Omit<EvalReport, "baseline"> {
  const model = input.summary.config.model;
  const priceOf = (cost: CostCounts) =>
    estimatePrice(input.prices.table, model, { promptTokens: cost.billedPromptTokens, completionTokens: cost.billedCompletionTokens, cachedPromptTokens: cost.billedCachedPromptTokens });
  const scope = (counts: ScoreCounts, cost: CostCounts): ScopeScore => {
    const price = priceOf(cost);
    return { counts, metrics: computeMetrics(counts), cost, priceUsd: price.usd, cacheSavingUsd: price.cacheSavingUsd };
  };

  const documents: DocumentReport[] = input.inputs.map((evalInput) => {
    const result = input.results.get(evalInput.input);
    const score = scoreDocument(evalInput.gold, result);
    return {
      name: evalInput.name,
      fixture: evalInput.gold.fixture,
      input: path.relative(process.cwd(), evalInput.input) || evalInput.input,
      rendition: evalInput.rendition,
      family: evalInput.gold.family,
      status: result ? result.status : "missing",
      error: describeFailure(result),
      ...scope(score.counts, measureCost(result)),
      mismatches: [...score.mismatches].sort((a, b) => b.weight - a.weight),
    };
  });

  const renditions = RenditionSchema.options.filter((rendition) => documents.some((document) => document.rendition === rendition));
  const families = renditions.flatMap((rendition) =>
    LayoutFamilySchema.options.flatMap((family) => {
      const members = documents.filter((document) => document.rendition === rendition && document.family === family);
      if (members.length === 0) return [];
      const total = aggregateScores(members);
      return [{ family, rendition, ...scope(total.counts, total.cost) }];
    }),
  );
  const overall = renditions.map((rendition) => {
    const total = aggregateScores(documents.filter((document) => document.rendition === rendition));
    return { rendition, ...scope(total.counts, total.cost) };
  });

  const metrics: Record<string, number | null> = {};
  for (const entry of overall) Object.assign(metrics, flattenMetrics(`overall/${entry.rendition}`, entry));
  for (const entry of families) Object.assign(metrics, flattenMetrics(`family:${entry.family}/${entry.rendition}`, entry));
  for (const entry of documents) Object.assign(metrics, flattenMetrics(`document:${entry.name}/${entry.rendition}`, entry));

  const billed = overall.reduce((sum, entry) => ({ promptTokens: sum.promptTokens + entry.cost.billedPromptTokens, completionTokens: sum.completionTokens + entry.cost.billedCompletionTokens }), {
    promptTokens: 0,
    completionTokens: 0,
  });
  const price = estimatePrice(input.prices.table, model, billed);
  const totals = input.summary.totals;
  return {
    schemaVersion: 1,
    createdAt: input.createdAt.toISOString(),
    git: input.git,
    run: {
      ...input.summary.config,
      documentConcurrency: input.config.documentConcurrency,
      runDir: path.relative(process.cwd(), input.config.outDir) || input.config.outDir,
      durationMs: input.summary.durationMs,
      llmRequests: totals.llmRequests,
      llmCacheHits: totals.llmCacheHits,
      llmRetries: totals.llmRetries,
    },
    price: { table: input.prices.file, priceModel: price.priceModel, price: price.price, note: price.note },
    renditions,
    documents,
    families,
    overall,
    metrics,
  };
}

function describeFailure(result: DocumentResult | undefined): string | null {
  if (!result) return "the pipeline returned no result for this input";
  if (result.status === "done") return null;
  const error = result.error as { code?: unknown; message?: unknown } | null;
  const firstUnit = result.unitErrors[0] as { code?: unknown; message?: unknown } | undefined;
  const units = firstUnit ? ` (${result.unitErrors.length} unit(s) failed; first: ${String(firstUnit.code)}: ${String(firstUnit.message)})` : "";
  return error ? `${String(error.code)}: ${String(error.message)}${units}` : `failed${units}`;
}
