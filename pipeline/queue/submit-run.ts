import { createHash } from "node:crypto";
import type { CliOptions, PipelineConfig, QueueConfig } from "../config.js";
import type { StageContext } from "../context.js";
import { createExtractorContext } from "../create-extractor-context.js";
import { findReusableResult, recordFinished } from "../document-state.js";
import { findInputs, type InputDocument } from "../io/find-inputs.js";
import { RunLock } from "../io/run-lock.js";
import { RunStateStore } from "../io/run-state-store.js";
import { documentBase, failedDocument, loadDocument } from "../process-document.js";
import { pathKey, runFingerprint } from "../run-fingerprint.js";
import { writeDocumentResult } from "../write-outputs.js";
import { writeQueueRun, type QueueRun, type QueueRunDocument } from "./queue-run-file.js";
import { jobId, jobOptions, type RunOptions, type StageQueues } from "./stage-queues.js";

/** The OpenAI SDK's own default, made explicit so every worker and collector names the same endpoint. */
const OPENAI_BASE_URL = "https://api.openai.com/v1";

/**
 * Puts a run's documents on the read queue: each input hashed, those an earlier run of the run directory
 * finished left as they are (as the single-machine run skips them), the rest marked in progress in the
 * state store and submitted under an id made of the run and the content hash, so submitting again (a
 * re-run, a second submitter) adds nothing twice. Writes queue-run.json for the collectors.
 */
export async function submitRun(stage: StageContext & { config: PipelineConfig & { queue: QueueConfig } }, cliOptions: CliOptions, queues: StageQueues): Promise<QueueRun> {
  const { config, logger } = stage;
  const inputs = await findInputs(config.inputs, logger);
  // A single-machine run on the same --out would redo and overwrite what the workers write; a second
  // submitter is kept out while this one decides what to submit (the job ids make it harmless after).
  const lock = RunLock.acquire(config.outDir);
  try {
    return await submitLocked(stage, cliOptions, queues, inputs);
  } finally {
    lock.release();
  }
}

async function submitLocked(
  stage: StageContext & { config: PipelineConfig & { queue: QueueConfig } },
  cliOptions: CliOptions,
  queues: StageQueues,
  inputs: readonly InputDocument[],
): Promise<QueueRun> {
  const { config, logger } = stage;
  const { extractorContext } = await createExtractorContext(stage);
  const fingerprint = runFingerprint(config, extractorContext);
  const runId = createHash("sha256").update(`${config.outDir}\n${fingerprint}`).digest("hex").slice(0, 16);
  const options = runOptions(config, cliOptions);
  const store = RunStateStore.open(config.outDir);
  const documents: QueueRunDocument[] = [];
  const submittedKeys = new Set<string>();
  try {
    for (const input of inputs) {
      const loaded = await loadDocument(input.path, stage);
      if (loaded.sha256 === null) {
        // Nothing a worker could read: the document fails here, as it would in a single-machine run.
        const key = pathKey(input.path);
        const result = failedDocument(documentBase(input, null), loaded.error, performance.now(), stage);
        store.markStarted(key, input.path);
        recordFinished(store, key, result, await writeDocumentResult(config.outDir, result), fingerprint);
        documents.push({ path: input.path, key, sha256: null, metadata: input.metadata, origin: "settled" });
        continue;
      }
      const entry = { path: input.path, key: loaded.sha256, sha256: loaded.sha256, metadata: input.metadata };
      if (submittedKeys.has(loaded.sha256)) {
        documents.push({ ...entry, origin: "settled" });
        continue;
      }
      if (await findReusableResult(store, loaded.sha256, fingerprint, config.retryFailed)) {
        documents.push({ ...entry, origin: "reused" });
        continue;
      }
      // Finished before but redone now (--retry-failed, a result file gone): the old jobs must not answer for the new.
      const previous = store.get(loaded.sha256);
      if (previous && previous.status !== "in_progress") await clearFinishedJobs(queues, runId, loaded.sha256);
      store.markStarted(loaded.sha256, input.path);
      await queues.read.add("read", { runId, outDir: config.outDir, path: input.path, sha256: loaded.sha256, metadata: input.metadata, options }, jobOptions("read", runId, loaded.sha256, config.queue.attempts));
      submittedKeys.add(loaded.sha256);
      documents.push({ ...entry, origin: "submitted" });
    }
  } finally {
    store.close();
  }
  const run: QueueRun = { runId, fingerprint, submittedAt: new Date().toISOString(), options, documents };
  await writeQueueRun(config.outDir, run);
  logger.info("run-submitted", { runId, documents: documents.length, submitted: submittedKeys.size, reused: documents.filter((document) => document.origin === "reused").length });
  return run;
}

/** A finished job under the same id would swallow the new submission: the document's old jobs go. */
async function clearFinishedJobs(queues: StageQueues, runId: string, sha256: string): Promise<void> {
  const read = await queues.read.getJob(jobId("read", runId, sha256));
  const extract = await queues.extract.getJob(jobId("extract", runId, sha256));
  for (const job of [read, extract]) {
    if (job && ((await job.isFailed()) || (await job.isCompleted()))) await job.remove();
  }
}

/** The options every worker and collector of the run resolves its configuration from (see `RunOptions`). */
function runOptions(config: PipelineConfig, cliOptions: CliOptions): RunOptions {
  const { inputs: _inputs, apiKey: _apiKey, progress: _progress, logFormat: _logFormat, queue: _queue, concurrency: _concurrency, ...given } = cliOptions;
  return {
    ...given,
    out: config.outDir,
    extractor: config.extractor,
    cache: config.cache.enabled,
    cacheDir: config.cache.dir,
    // Resolved here: a worker's working directory is not the submitter's.
    prices: config.prices.file,
    ...(config.llm ? { baseUrl: config.llm.baseUrl ?? OPENAI_BASE_URL, model: config.llm.model } : {}),
  };
}
