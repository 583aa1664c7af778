import os from "node:os";
import { Worker, type Job } from "bullmq";
import { ConfigError } from "../errors.js";
import type { Logger } from "../logger.js";
import { runExtractJob } from "./extract-job.js";
import { runReadJob } from "./read-job.js";
import { connectRedis, openStageQueues, QUEUE_PREFIX, STAGES, type DocumentJobData, type ExtractJobData, type QueueStage, type ReadJobProgress } from "./stage-queues.js";
import { WorkerRuns } from "./worker-runs.js";

export interface WorkerOptions {
  /** `redis://HOST:PORT[/DB]`. */
  readonly url: string;
  /** The stages this worker serves. @default read and extract */
  readonly stages: readonly QueueStage[];
  /** Jobs worked at once, per stage (the read stage's reader threads too). @default number of cores */
  readonly concurrency: number;
  /**
   * How long a job's lock lasts without renewal (renewed every half of it while the worker lives): a worker
   * dead for this long has its jobs handed to another on the next stalled-job check. @default 30000
   */
  readonly lockMs: number;
  /** Tries of an extract job the read stage adds (the submitter sets the read job's). @default 3 */
  readonly attempts: number;
}

/** `--stages`, `--concurrency`, `--lock-ms` checked once; the environment's INGEST_QUEUE* as fallbacks. */
export function resolveWorkerOptions(
  values: { readonly queue?: string; readonly stages?: string; readonly concurrency?: string; readonly lockMs?: string; readonly attempts?: string },
  env: NodeJS.ProcessEnv = process.env,
): WorkerOptions {
  const url = values.queue ?? env.INGEST_QUEUE;
  if (!url || !/^rediss?:\/\/[^/]+(\/\d+)?\/?$/.test(url)) throw new ConfigError(`Expected \`--queue\` to be redis://HOST:PORT[/DB], got \`${url ?? ""}\``);
  const stages = (values.stages ?? "read,extract").split(",").map((stage) => stage.trim()).filter(Boolean);
  const unknown = stages.filter((stage) => !(STAGES as readonly string[]).includes(stage));
  if (stages.length === 0 || unknown.length > 0) throw new ConfigError(`Expected \`--stages\` to list read, extract, got \`${values.stages}\``);
  return {
    url,
    stages: stages as QueueStage[],
    concurrency: whole("--concurrency", values.concurrency, Math.max(1, os.availableParallelism())),
    lockMs: whole("--lock-ms", values.lockMs ?? env.INGEST_QUEUE_LOCK_MS, 30_000),
    attempts: whole("--queue-attempts", values.attempts ?? env.INGEST_QUEUE_ATTEMPTS, 3),
  };
}

function whole(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new ConfigError(`Expected \`${name}\` to be a number from 1 and up, got \`${value}\``);
  return parsed;
}

export interface QueueWorker {
  /** The name the status command lists this worker under: host and process. */
  readonly name: string;
  /** Resolves once every stage's worker is connected and taking jobs. */
  readonly ready: Promise<void>;
  /**
   * Takes no new job and finishes the jobs in hand (`force`: drops them at once; their locks lapse and the
   * stalled-job check hands them to another worker).
   */
  close(force?: boolean): Promise<void>;
}

/** A worker process's BullMQ workers, one per stage served, and what they share: Redis, the runs' set-ups. */
export function startQueueWorker(options: WorkerOptions, logger: Logger): QueueWorker {
  const name = `${os.hostname()}:${process.pid}`;
  let lastError = "";
  const onError = (error: Error) => {
    // Once per kind of trouble, not once per reconnection attempt.
    if (error.message !== lastError) logger.warn("redis-error", { error: error.message });
    lastError = error.message;
  };
  const redis = connectRedis(options.url, onError);
  const queues = openStageQueues(redis, onError);
  const controller = new AbortController();
  const runs = new WorkerRuns(redis, { readConcurrency: options.concurrency, logger, signal: controller.signal });
  const processors: Record<QueueStage, (job: Job) => Promise<unknown>> = {
    read: async (job: Job<DocumentJobData>) => runReadJob(job.data, await runs.get(job.data), queues, options.attempts, publishProgress(job)),
    extract: async (job: Job<ExtractJobData>) => runExtractJob(job.data, await runs.get(job.data)),
  };
  const workers = options.stages.map((stage) => {
    const worker = new Worker(
      stage,
      async (job: Job) => {
        logger.debug("job-start", { stage, job: job.id, path: (job.data as DocumentJobData).path, attempt: job.attemptsMade + 1 });
        return processors[stage](job);
      },
      {
        connection: redis,
        prefix: QUEUE_PREFIX,
        name,
        concurrency: options.concurrency,
        lockDuration: options.lockMs,
        stalledInterval: Math.max(500, Math.floor(options.lockMs / 2)),
        // A document whose worker died is handed on this often before it fails: a machine lost mid-job is
        // not the document's fault, but one that kills every worker it reaches must end.
        maxStalledCount: 3,
      },
    );
    worker.on("completed", (job) => logger.info("job-end", { stage, job: job.id, path: (job.data as DocumentJobData).path }));
    worker.on("failed", (job, error) => logger.warn("job-failed", { stage, job: job?.id, attempt: job?.attemptsMade, error: error.message }));
    worker.on("error", (error) => logger.warn("queue-error", { stage, error: error.message }));
    return worker;
  });
  logger.info("worker-start", { name, stages: options.stages.join(","), concurrency: options.concurrency });
  return {
    name,
    ready: Promise.all(workers.map((worker) => worker.waitUntilReady())).then(() => undefined),
    async close(force = false) {
      if (force) controller.abort(new Error("worker stopped"));
      await Promise.all(workers.map((worker) => worker.close(force)));
      await runs.close();
      await queues.close();
      redis.disconnect();
      logger.info("worker-stop", { name, force });
    },
  };
}

/** How often a read job's OCR pages are told to Redis at most: a page takes seconds, a bar need not see each at once. */
const PROGRESS_EVERY_MS = 250;

/** The read job's OCR pages set as the job's progress (for the collector's bar), at most every PROGRESS_EVERY_MS. */
function publishProgress(job: Job): (progress: ReadJobProgress) => void {
  let latest: ReadJobProgress | null = null;
  let timer: NodeJS.Timeout | null = null;
  return (progress) => {
    latest = progress;
    timer ??= setTimeout(() => {
      timer = null;
      // A job finished meanwhile has no progress to set: nothing lost.
      if (latest) void job.updateProgress({ ...latest }).catch(() => {});
    }, PROGRESS_EVERY_MS);
  };
}
