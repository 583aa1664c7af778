import type { PipelineConfig } from "../config.js";
import { PdfTooCostlyError, PipelineError, type SerializedError } from "../errors.js";
import type { ReadDocumentReply, ReadDocumentRequest } from "./read-pdf-worker.js";
import { isOutOfMemory, WorkerPool, WorkerTaskTimeoutError } from "./worker-pool.js";

/** Reads and segments PDFs in worker threads, one per core: the runner's CPU stages. */
export interface DocumentReaderPool {
  read(request: ReadDocumentRequest, signal?: AbortSignal): Promise<Exclude<ReadDocumentReply, { kind: "failed" }>>;
  close(): Promise<void>;
}

export function createDocumentReaderPool(config: PipelineConfig): DocumentReaderPool {
  const entry = new URL(import.meta.url.endsWith(".ts") ? "./read-pdf-worker.ts" : "./read-pdf-worker.js", import.meta.url);
  const { readTimeoutMs, workerMemoryMb } = config.limits;
  const pool = new WorkerPool<ReadDocumentRequest, ReadDocumentReply>(entry, config.documentConcurrency, config, "document reader", {
    timeoutMs: readTimeoutMs,
    resourceLimits: { maxOldGenerationSizeMb: workerMemoryMb },
  });
  return {
    async read(request, signal) {
      let reply: ReadDocumentReply;
      try {
        reply = await pool.run(request, signal);
      } catch (error) {
        // The worker that held the document is gone either way; the next document gets a fresh one.
        if (error instanceof WorkerTaskTimeoutError) {
          throw new PdfTooCostlyError(`${request.path} took longer than --max-read-seconds ${readTimeoutMs / 1000} to read; raise --max-read-seconds to read it`, {
            document: request.path,
            limit: "--max-read-seconds",
            cause: error,
          });
        }
        if (isOutOfMemory(error)) {
          throw new PdfTooCostlyError(`${request.path} needed more than --max-worker-memory-mb ${workerMemoryMb} to read; raise --max-worker-memory-mb to read it`, {
            document: request.path,
            limit: "--max-worker-memory-mb",
            cause: error,
          });
        }
        throw error;
      }
      if (reply.kind === "failed") throw new RemoteStageError(reply.error, reply.pageCount);
      return reply;
    },
    close: () => pool.close(),
  };
}

/** A typed stage error that happened in a worker thread, with its code, stage and message intact. */
export class RemoteStageError extends PipelineError {
  override readonly code: string;
  constructor(
    readonly serialized: SerializedError,
    readonly pageCount: number,
  ) {
    super(serialized.message, { stage: serialized.stage ?? "read", document: serialized.document ?? undefined, details: serialized.details });
    this.code = serialized.code;
    this.name = serialized.name;
  }
}
