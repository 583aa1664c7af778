import { readFile } from "node:fs/promises";
import { extractDocument, failedDocument } from "../process-document.js";
import { writeDocumentResult } from "../write-outputs.js";
import type { SegmentedFile } from "./read-job.js";
import type { ExtractJobData, FinishedJobResult } from "./stage-queues.js";
import type { WorkerRun } from "./worker-runs.js";

/**
 * The extract stage of one document: the segmented document read back from the run directory, extract →
 * validate, the result written under the content hash (the same file whichever worker, however many times).
 * A segmented file that cannot be read throws, for the queue to retry and in the end fail the document.
 */
export async function runExtractJob(data: ExtractJobData, run: WorkerRun): Promise<FinishedJobResult> {
  // Not parsed through its schema, which would drop what the schema does not name: this worker's own code wrote it.
  const saved = JSON.parse(await readFile(data.segmentedFile, "utf8")) as SegmentedFile;
  const segmented = saved.segmented;
  const input = { path: data.path, metadata: data.metadata };
  // The duration covers both stages, as in a single-machine run.
  const started = performance.now() - saved.readMs;
  let result;
  try {
    result = await extractDocument(input, segmented, saved.base, started, run.config.extractor, run.stage, run.extractor.extractorContext);
  } catch (error) {
    result = failedDocument(saved.base, error, started, run.stage);
  }
  return { kind: "finished", resultFile: await writeDocumentResult(data.outDir, result), status: result.status, fingerprint: run.fingerprint };
}
