import path from "node:path";
import { InputChangedError } from "../errors.js";
import { writeFileAtomic } from "../io/write-file-atomic.js";
import { NO_MODEL_STATS } from "../llm/llm-gateway.js";
import { documentBase, failedDocument, loadDocument, readDocument, type DocumentBase } from "../process-document.js";
import { countOcrPages } from "../progress.js";
import { writeDocumentResult } from "../write-outputs.js";
import type { SegmentedDocument } from "../../schemas/project-unit.js";
import type { WorkerRun } from "./worker-runs.js";
import { jobOptions, type DocumentJobData, type ReadJobProgress, type ReadJobResult, type StageQueues } from "./stage-queues.js";

/** What the read stage leaves on the shared storage for the extract stage. */
export interface SegmentedFile {
  readonly base: DocumentBase;
  readonly segmented: SegmentedDocument;
  /** Time the read stage took, so the document's duration covers both stages. */
  readonly readMs: number;
  /** The OCR'd pages' mean confidence, `[page, confidence]`, for the vision path of the extract stage. */
  readonly ocrConfidence: ReadonlyArray<readonly [number, number]>;
}

/** The segmented document's file in the run directory, named by content hash: a retried job overwrites its own. */
export function segmentedFileOf(outDir: string, sha256: string): string {
  return path.join(outDir, "segmented", `${sha256.slice(0, 24)}.json`);
}

/** The document's bytes from the shared storage, refused when they are not the bytes submitted. */
export async function loadSubmittedDocument(data: DocumentJobData, run: WorkerRun): Promise<Uint8Array> {
  const loaded = await loadDocument(data.path, run.stage);
  if (loaded.sha256 === null) throw loaded.error;
  if (loaded.sha256 !== data.sha256) {
    throw new InputChangedError(`${data.path} has changed since it was submitted (content hash ${loaded.sha256.slice(0, 12)}…, submitted ${data.sha256.slice(0, 12)}…): submit the run again to read the new file`, {
      document: data.path,
    });
  }
  return loaded.bytes;
}

/**
 * The read stage of one document: its bytes checked against the submitted hash, read → OCR → layout →
 * segment, the segmented document written to the run directory and an extract job added. A document that
 * fails here (unreadable, not a target table, changed since submission) ends here, its failed result
 * written as the single-machine run writes it. Every write is keyed on the content hash, so a job run twice
 * (its worker died after writing) writes the same files again and adds no second extract job.
 * `reportPages` hears the document's OCR pages as they are sent and come back.
 */
export async function runReadJob(
  data: DocumentJobData,
  run: WorkerRun,
  queues: StageQueues,
  attempts: number,
  reportPages: (progress: ReadJobProgress) => void = () => {},
): Promise<ReadJobResult> {
  const input = { path: data.path, metadata: data.metadata };
  const started = performance.now();
  const base = documentBase(input, data.sha256);
  const segmentedFile = segmentedFileOf(data.outDir, data.sha256);
  const ocrConfidence = new Map<number, number>();
  const pages = { ocrPagesQueued: 0, ocrPagesDone: 0 };
  const ocr = () =>
    countOcrPages(run.ocr(), {
      start() {},
      ocrPageQueued: () => reportPages({ ...pages, ocrPagesQueued: ++pages.ocrPagesQueued }),
      ocrPageDone: () => reportPages({ ...pages, ocrPagesDone: ++pages.ocrPagesDone }),
      documentEnd() {},
      stop() {},
    });
  let segmented: SegmentedDocument;
  try {
    const bytes = await loadSubmittedDocument(data, run);
    segmented = await readDocument(data.path, bytes, base, run.stage, run.reader, ocr, ocrConfidence);
  } catch (error) {
    const result = failedDocument(base, error, started, run.stage);
    return { kind: "finished", resultFile: await writeDocumentResult(data.outDir, result), status: result.status, fingerprint: run.fingerprint, model: { ...NO_MODEL_STATS, peakInFlight: 0 } };
  }
  // Outside the document's failure: a storage fault is the machine's, so it throws for the queue to retry.
  const saved: SegmentedFile = { base, segmented, readMs: performance.now() - started, ocrConfidence: [...ocrConfidence] };
  await writeFileAtomic(segmentedFile, JSON.stringify(saved));
  await queues.extract.add("extract", { ...data, segmentedFile }, jobOptions("extract", data.runId, data.sha256, attempts));
  return { kind: "segmented", segmentedFile };
}
