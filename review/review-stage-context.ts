import { resolveConfig } from "../pipeline/config.js";
import type { StageContext } from "../pipeline/context.js";
import type { Logger } from "../pipeline/logger.js";

/**
 * The stage context the review app hands the pipeline's validate stage. Validation reads only the logger;
 * the config is the pipeline's defaults, resolved without the environment (the review has no model, no key).
 */
export function reviewStageContext(logger: Logger): StageContext {
  return { config: resolveConfig({}, {}, false), logger, signal: new AbortController().signal };
}
