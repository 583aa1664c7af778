import { loadPrompt } from "../../../prompts/load-prompt.js";
import type { PipelineConfig } from "../../config.js";
import type { SpendGuard } from "../../llm/cost-ceiling.js";
import { createLlmGateway, type RequestPacer } from "../../llm/llm-gateway.js";
import type { ResponseCache } from "../../llm/response-cache.js";
import type { RetryTiming } from "../../llm/retry-policy.js";
import type { Logger } from "../../logger.js";
import type { VisionContext } from "../extraction-result.js";
import { ImageTokenBudget } from "./image-token-budget.js";

/**
 * The run's vision context (`--vision-model`): its own synchronous gateway on the same endpoint (batch jobs are
 * for the text path), the vision prompt, the run's image-token allowance. No document yet: see `forDocument`.
 */
export function createVisionContext(
  config: PipelineConfig,
  options: {
    readonly cache: ResponseCache | null;
    readonly logger: Logger;
    readonly fetch?: typeof fetch;
    readonly retryTiming?: Partial<RetryTiming>;
    readonly spendGuard?: SpendGuard;
    /** The vision model's `--rpm` pace shared with other processes (the queue's workers). */
    readonly pacer?: RequestPacer;
  },
): VisionContext | null {
  if (!config.vision || !config.llm) return null;
  return {
    gateway: createLlmGateway({ ...config.llm, model: config.vision.model }, options),
    prompt: loadPrompt("extract-project-vision"),
    reaskTokenBudget: config.llm.reaskTokenBudget,
    minOcrConfidence: config.vision.minOcrConfidence,
    maxImageTokensPerUnit: config.vision.maxImageTokensPerUnit,
    budget: new ImageTokenBudget(config.vision.maxImageTokens),
    pages: null,
  };
}
