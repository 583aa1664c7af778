import type { PipelineConfig } from "../config.js";
import { PipelineError, type SerializedError } from "../errors.js";
import type { ReadDocumentReply, ReadDocumentRequest } from "./read-pdf-worker.js";
import { WorkerPool } from "./worker-pool.js";

/** Reads and segments PDFs in worker threads, one per core: the runner's CPU stages. */
export interface DocumentReaderPool {
  read(request: ReadDocumentRequest, signal?: AbortSignal): Promise<Exclude<ReadDocumentReply, { kind: "failed" }>>;
  close(): Promise<void>;
}

export function createDocumentReaderPool(config: PipelineConfig): DocumentReaderPool {
  const entry = new URL(import.meta.url.endsWith(".ts") ? "./read-pdf-worker.ts" : "./read-pdf-worker.js", import.meta.url);
  const pool = new WorkerPool<ReadDocumentRequest, ReadDocumentReply>(entry, config.documentConcurrency, config, "document reader");
  return {
    async read(request, signal) {
      const reply = await pool.run(request, signal);
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
    super(serialized.message, { stage: serialized.stage ?? "read", document: serialized.document ?? undefined });
    this.code = serialized.code;
    this.name = serialized.name;
  }
}
