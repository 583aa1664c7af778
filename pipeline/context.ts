import type { PipelineConfig } from "./config.js";
import type { Logger } from "./logger.js";

/** What every stage receives besides its input. Stages read nothing global: all they need is here. */
export interface StageContext {
  readonly config: PipelineConfig;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}
