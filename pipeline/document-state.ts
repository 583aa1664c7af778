import { existsSync } from "node:fs";
import type { DocumentResult } from "../schemas/run-summary.js";
import type { RunStateStore } from "./io/run-state-store.js";
import { readDocumentResult } from "./write-outputs.js";

/** Appended to the fingerprint of a document the cost ceiling cut short: no run's fingerprint matches it. */
const CUT_BY_COST_CEILING = "+cut-by-cost-ceiling";

/**
 * The result an earlier run left for this document, when it may be served again: the run finished it
 * (or failed it, unless `retryFailed`), with the same fingerprint, and its result file is still there.
 */
export async function findReusableResult(
  store: RunStateStore,
  key: string,
  fingerprint: string,
  retryFailed: boolean,
): Promise<{ readonly result: DocumentResult; readonly file: string } | null> {
  const previous = store.get(key);
  const finished = previous?.status === "done" || (previous?.status === "failed" && !retryFailed);
  if (!finished || previous?.fingerprint !== fingerprint || !previous.resultFile || !existsSync(previous.resultFile)) return null;
  const result = await readDocumentResult(previous.resultFile);
  return result ? { result, file: previous.resultFile } : null;
}

/**
 * The document's row marked finished with its written result: done or failed, and why. A document the cost
 * ceiling cut short is written but not taken as finished: a run with a higher ceiling redoes it.
 */
export function recordFinished(store: RunStateStore, key: string, result: DocumentResult, file: string, fingerprint: string): void {
  const error = result.error as { code?: string; message?: string } | null;
  const cutShort = result.records.some((record) => record.extraction.notSentToModel !== undefined);
  store.markFinished(key, {
    status: result.status,
    resultFile: file,
    fingerprint: cutShort ? `${fingerprint}${CUT_BY_COST_CEILING}` : fingerprint,
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
  });
}
