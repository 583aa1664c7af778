import { Queue, type JobsOptions } from "bullmq";
import { Redis } from "ioredis";
import { redactUrl, type CliOptions } from "../config.js";
import { ConfigError } from "../errors.js";
import type { GatewayStats } from "../llm/llm-gateway.js";

/**
 * The two staged queues and what their jobs carry. `read` is read → OCR → layout → segment (CPU bound),
 * `extract` is extract → validate (waiting on the model), so OCR machines and model-calling machines scale
 * apart. Both live under one key prefix, so `redis-cli --scan --pattern 'ingest:*'` shows everything ours.
 */
export const QUEUE_PREFIX = "ingest";
export const STAGES = ["read", "extract"] as const;
export type QueueStage = (typeof STAGES)[number];

/**
 * The options a run's worker resolves its configuration from: what the submitter was given on its command
 * line, with the run directory, extractor, endpoint and model made explicit. Never the API key: each worker
 * takes its own from OPENAI_API_KEY, so no secret is written to Redis.
 */
export type RunOptions = Omit<CliOptions, "inputs" | "apiKey" | "progress" | "logFormat" | "queue" | "concurrency">;

/** One document of one run: where it is on the shared storage, and the bytes it must have there. */
export interface DocumentJobData {
  readonly runId: string;
  readonly outDir: string;
  readonly path: string;
  readonly sha256: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly options: RunOptions;
}

export interface ExtractJobData extends DocumentJobData {
  /** The read stage's output on the shared storage: the segmented document and what was learnt reading it. */
  readonly segmentedFile: string;
}

/** A document finished (done or failed) with its result file written; `fingerprint` is what produced it. */
export interface FinishedJobResult {
  readonly kind: "finished";
  readonly resultFile: string;
  readonly status: "done" | "failed";
  readonly fingerprint: string;
  /**
   * The model's counters for this document on the worker that finished it (`peakInFlight` is that worker's
   * peak): the collector sums them into run.json. Absent from a job a worker of older code finished.
   */
  readonly model?: GatewayStats;
}

/** A read job's OCR so far (`job.progress`): the collector moves the progress bar by pages with it. */
export interface ReadJobProgress {
  readonly ocrPagesQueued: number;
  readonly ocrPagesDone: number;
}

/** The read stage handed the document on: an extract job exists for it. */
export interface SegmentedJobResult {
  readonly kind: "segmented";
  readonly segmentedFile: string;
}

export type ReadJobResult = FinishedJobResult | SegmentedJobResult;

/** Job ids name the run and the content, so submitting the same document twice adds one job. */
export function jobId(stage: QueueStage, runId: string, sha256: string): string {
  return `${stage}-${runId}-${sha256}`;
}

/** Retries with backoff for what a worker throws (storage, Redis); finished jobs kept a week for late collectors. */
export function jobOptions(stage: QueueStage, runId: string, sha256: string, attempts: number): JobsOptions {
  const week = 7 * 24 * 3600;
  return {
    jobId: jobId(stage, runId, sha256),
    attempts,
    backoff: { type: "exponential", delay: 1_000 },
    removeOnComplete: { age: week },
    removeOnFail: { age: week },
  };
}

/**
 * A Redis connection for BullMQ: `maxRetriesPerRequest: null` so a command waits out a Redis restart
 * instead of failing, which BullMQ's workers require.
 */
export function connectRedis(url: string, onError: (error: Error) => void = () => {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, connectionName: `${QUEUE_PREFIX}-${process.pid}` });
  // ioredis reconnects by itself; without a listener it would print every refused attempt as "unhandled".
  redis.on("error", onError);
  return redis;
}

/**
 * Whether Redis answers at `url`, within a few seconds: a command that submits or reports says so at once
 * instead of waiting for a server that is not there (workers, which should outlast a restart, do wait).
 */
export async function probeRedis(url: string): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 5_000 });
  // The connection's own error (ECONNREFUSED, auth) says more than the "Connection is closed" connect() rejects with.
  let reason: Error | null = null;
  probe.on("error", (error: Error) => (reason ??= error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const cause = reason ?? error;
    throw new ConfigError(`Could not reach Redis at ${redactUrl(url)}: ${cause instanceof Error ? cause.message : String(cause)} (is redis-server running, and --queue right?)`, cause);
  } finally {
    probe.disconnect();
  }
}

export interface StageQueues {
  readonly read: Queue<DocumentJobData, ReadJobResult>;
  readonly extract: Queue<ExtractJobData, FinishedJobResult>;
  close(): Promise<void>;
}

/** `onError` hears the queues' connection trouble (reconnection is automatic), as `connectRedis`'s does. */
export function openStageQueues(connection: Redis, onError: (error: Error) => void = () => {}): StageQueues {
  const read = new Queue<DocumentJobData, ReadJobResult>("read", { connection, prefix: QUEUE_PREFIX });
  const extract = new Queue<ExtractJobData, FinishedJobResult>("extract", { connection, prefix: QUEUE_PREFIX });
  read.on("error", onError);
  extract.on("error", onError);
  return {
    read,
    extract,
    close: async () => {
      await Promise.all([read.close(), extract.close()]);
    },
  };
}
