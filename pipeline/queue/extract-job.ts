import { readFile } from "node:fs/promises";
import { NO_MODEL_STATS } from "../llm/llm-gateway.js";
import { extractDocument, failedDocument, type DocumentPages } from "../process-document.js";
import { writeDocumentResult } from "../write-outputs.js";
import { loadSubmittedDocument, type SegmentedFile } from "./read-job.js";
import type { ExtractJobData, FinishedJobResult } from "./stage-queues.js";
import type { WorkerRun } from "./worker-runs.js";

/**
 * The extract stage of one document: the segmented document read back from the run directory, extract →
 * validate, the result written under the content hash (the same file whichever worker, however many times).
 * A segmented file that cannot be read throws, for the queue to retry and in the end fail the document.
 * The result carries the document's model counters on this worker, for run.json.
 */
export async function runExtractJob(data: ExtractJobData, run: WorkerRun): Promise<FinishedJobResult> {
  // Not parsed through its schema, which would drop what the schema does not name: this worker's own code wrote it.
  const saved = JSON.parse(await readFile(data.segmentedFile, "utf8")) as SegmentedFile;
  const segmented = saved.segmented;
  const input = { path: data.path, metadata: data.metadata };
  // The duration covers both stages, as in a single-machine run.
  const started = performance.now() - saved.readMs;
  const gateway = run.extractor.gateway;
  await run.modelChecked();
  let result;
  try {
    result = await extractDocument(input, segmented, await documentPages(data, saved, run), saved.base, started, run.config.extractor, run.stage, run.extractor.extractorContext);
  } catch (error) {
    result = failedDocument(saved.base, error, started, run.stage);
  }
  const model = { ...(gateway?.takeDocumentStats?.(data.path) ?? NO_MODEL_STATS), peakInFlight: gateway?.stats.peakInFlight ?? 0 };
  return { kind: "finished", resultFile: await writeDocumentResult(data.outDir, result), status: result.status, fingerprint: run.fingerprint, model };
}

/** The pages for the vision path: the bytes are read again (and checked) only when a page may be rendered. */
async function documentPages(data: ExtractJobData, saved: SegmentedFile, run: WorkerRun): Promise<DocumentPages> {
  const ocrConfidence = new Map(saved.ocrConfidence ?? []);
  if (!run.extractor.extractorContext.vision || ocrConfidence.size === 0) return { bytes: new Uint8Array(), ocrConfidence };
  return { bytes: await loadSubmittedDocument(data, run), ocrConfidence };
}
