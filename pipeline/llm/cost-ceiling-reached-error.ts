import { PipelineError } from "../errors.js";

/**
 * The run's `--max-cost` would be crossed by this request, so it was not sent (nor any after it). Not an
 * `LlmCallError`: nothing failed at the endpoint, and retrying would cross the ceiling all the same.
 */
export class CostCeilingReachedError extends PipelineError {
  override readonly code = "llm_cost_ceiling_reached";

  constructor(message: string, options: { readonly document?: string | undefined }) {
    super(message, { stage: "extract", document: options.document });
  }
}
