import type { BatchJobRow } from "../../io/batch-state-store.js";
import type { BatchReport } from "../../../schemas/run-summary.js";
import { findModelPrice, type PriceTable } from "../price-table.js";
import { costOfUsage, formatAmount } from "../token-cost.js";

/** run.json's `batches`: each job's counts, time and cost at the batch price. */
export function summarizeBatches(jobs: readonly BatchJobRow[], table: PriceTable | null, model: string): BatchReport[] {
  const found = table ? findModelPrice(table, model) : null;
  return jobs.map((job) => {
    const usage = {
      promptTokens: job.promptTokens,
      completionTokens: job.completionTokens,
      ...(job.cachedPromptTokens > 0 ? { cachedPromptTokens: job.cachedPromptTokens } : {}),
    };
    return {
      id: job.batchId,
      status: job.status,
      requests: job.requests,
      reasks: job.reasks,
      completed: job.completed,
      failed: job.failed,
      submittedAt: job.submittedAt,
      finishedAt: job.finishedAt,
      durationMs: job.finishedAt === null ? null : Date.parse(job.finishedAt) - Date.parse(job.submittedAt),
      usage,
      cost: found ? formatAmount(costOfUsage(found.price, usage, "batch")) : null,
    };
  });
}
