import { PipelineError } from "../../errors.js";

/**
 * A Batch API job could not give this request an answer: the batch failed validation, was cancelled or expired
 * before the request ran, or its output could not be read. `batchId` says which job, for the provider's console.
 */
export class BatchJobError extends PipelineError {
  override readonly code: string;
  readonly batchId: string;

  constructor(message: string, options: { readonly batchId: string; readonly reason: "failed" | "expired" | "cancelled" | "unreadable" | "missing"; readonly document?: string | undefined; readonly cause?: unknown }) {
    super(message, { stage: "extract", document: options.document, cause: options.cause });
    this.batchId = options.batchId;
    this.code = `llm_batch_${options.reason}`;
  }
}
