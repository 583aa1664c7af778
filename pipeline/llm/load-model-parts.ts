import type { StageContext } from "../context.js";
import type { VisionContext } from "../extractors/extraction-result.js";
import type { CostCeiling } from "./cost-ceiling.js";
import type { ModelGateway } from "./create-model-gateway.js";
import type { RequestPacer } from "./llm-gateway.js";
import type { RetryTiming } from "./retry-policy.js";

export interface ModelParts {
  readonly modelGateway: ModelGateway | null;
  readonly vision: VisionContext | null;
  readonly ceiling: CostCeiling | null;
  /** Hash of the project JSON schema sent to the model, or null without one. */
  readonly schemaHash: string | null;
}

export interface ModelPartsOptions {
  readonly fetch?: typeof fetch;
  readonly retryTiming?: Partial<RetryTiming>;
  /**
   * Spaces the model's requests when the `--rpm` cap is shared with other processes (the queue's workers);
   * without one each gateway paces its own. `vision` paces the vision model's requests.
   */
  readonly pacers?: { readonly text?: RequestPacer; readonly vision?: RequestPacer };
  /** The text gateway keeps its counters per document too, for `LlmGateway.takeDocumentStats` (queue workers). */
  readonly countPerDocument?: boolean;
}

const NO_MODEL: ModelParts = { modelGateway: null, vision: null, ceiling: null, schemaHash: null };

/**
 * The model's gateway, the vision context and the cost ceiling, or none of them when the run has no endpoint.
 * Imported on demand: openai, the o200k tokenizer and the canvas that renders page images cost about 0.3 CPU-s
 * to load, which a rules-only run (the embedded default) would otherwise pay at every start.
 */
export async function loadModelParts(stage: StageContext, options: ModelPartsOptions = {}): Promise<ModelParts> {
  const { config, logger, signal } = stage;
  if (!config.llm) return NO_MODEL;
  const [{ createCostCeiling }, { createModelGateway }, { createVisionContext }, { ResponseCache }, { PROJECT_SCHEMA_HASH }] = await Promise.all([
    import("./create-cost-ceiling.js"),
    import("./create-model-gateway.js"),
    import("../extractors/vision/create-vision-context.js"),
    import("./response-cache.js"),
    import("../extractors/llm/extract-with-llm.js"),
  ]);
  const ceiling = createCostCeiling(config);
  const transport = {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.retryTiming ? { retryTiming: options.retryTiming } : {}),
    ...(ceiling ? { spendGuard: ceiling } : {}),
  };
  const modelGateway = createModelGateway(config, {
    logger,
    signal,
    ...transport,
    ...(options.pacers?.text ? { pacer: options.pacers.text } : {}),
    ...(options.countPerDocument ? { countPerDocument: true } : {}),
  });
  const vision = createVisionContext(config, {
    cache: config.cache.enabled ? new ResponseCache(config.cache.dir) : null,
    logger,
    ...transport,
    ...(options.pacers?.vision ? { pacer: options.pacers.vision } : {}),
  });
  return { modelGateway, vision, ceiling, schemaHash: PROJECT_SCHEMA_HASH };
}
