import OpenAI, { toFile } from "openai";
import type { LlmConfig } from "../../config.js";
import { BATCH_ENDPOINT } from "./batch-lines.js";

/** What we read of a batch object (`GET /v1/batches/{id}`). */
export interface BatchStatus {
  readonly id: string;
  readonly status: "validating" | "failed" | "in_progress" | "finalizing" | "completed" | "expired" | "cancelling" | "cancelled";
  readonly outputFileId: string | null;
  readonly errorFileId: string | null;
  /** Seconds since the epoch, as the API gives them. */
  readonly createdAt: number;
  readonly finishedAt: number | null;
  readonly counts: { readonly total: number; readonly completed: number; readonly failed: number };
  /** Why a batch failed validation, as the API says. */
  readonly errors: readonly string[];
}

/** The four calls of the Batch API we make, over the OpenAI SDK (injectable `fetch`, so msw answers in tests). */
export interface BatchApi {
  /** `POST /v1/files` with purpose `batch`: the JSONL input file; returns its id. */
  upload(jsonl: string, fileName: string, signal?: AbortSignal): Promise<string>;
  /** `POST /v1/batches` on the chat completions endpoint with the 24 h window. */
  create(inputFileId: string, metadata: Record<string, string>, signal?: AbortSignal): Promise<BatchStatus>;
  /** `GET /v1/batches/{id}`. */
  retrieve(batchId: string, signal?: AbortSignal): Promise<BatchStatus>;
  /** `GET /v1/files/{id}/content`: an output or error file's JSONL. */
  fileText(fileId: string, signal?: AbortSignal): Promise<string>;
}

export function createBatchApi(config: LlmConfig, fetchImplementation?: typeof fetch): BatchApi {
  const client = new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseUrl,
    timeout: config.timeoutMs,
    // Polling is itself a retry loop; a failed poll is tried again at the next interval.
    maxRetries: 2,
    ...(fetchImplementation ? { fetch: fetchImplementation } : {}),
  });
  return {
    async upload(jsonl, fileName, signal) {
      const file = await client.files.create({ file: await toFile(Buffer.from(jsonl, "utf8"), fileName, { type: "application/jsonl" }), purpose: "batch" }, { signal });
      return file.id;
    },
    async create(inputFileId, metadata, signal) {
      return toStatus(await client.batches.create({ input_file_id: inputFileId, endpoint: BATCH_ENDPOINT, completion_window: "24h", metadata }, { signal }));
    },
    async retrieve(batchId, signal) {
      return toStatus(await client.batches.retrieve(batchId, { signal }));
    },
    async fileText(fileId, signal) {
      return (await client.files.content(fileId, { signal })).text();
    },
  };
}

function toStatus(batch: OpenAI.Batches.Batch): BatchStatus {
  return {
    id: batch.id,
    status: batch.status,
    outputFileId: batch.output_file_id ?? null,
    errorFileId: batch.error_file_id ?? null,
    createdAt: batch.created_at,
    finishedAt: batch.completed_at ?? batch.failed_at ?? batch.expired_at ?? batch.cancelled_at ?? null,
    counts: { total: batch.request_counts?.total ?? 0, completed: batch.request_counts?.completed ?? 0, failed: batch.request_counts?.failed ?? 0 },
    errors: (batch.errors?.data ?? []).map((error) => `${error.code ?? "error"}${error.line ? ` (line ${error.line})` : ""}: ${error.message ?? ""}`),
  };
}
