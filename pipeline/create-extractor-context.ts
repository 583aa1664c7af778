import { loadPrompt } from "../prompts/load-prompt.js";
import type { DocumentContext, ProjectUnit } from "../schemas/project-unit.js";
import type { StageContext } from "./context.js";
import { buildRecord } from "./domain/build-record.js";
import type { ExtractionResult, ExtractorContext } from "./extractors/extraction-result.js";
import { createLlmGateway, type LlmGateway, type RequestPacer } from "./llm/llm-gateway.js";
import { ResponseCache } from "./llm/response-cache.js";
import type { RetryTiming } from "./llm/retry-policy.js";
import { validateRecords } from "./validate-records.js";

export interface ExtractorSetup {
  readonly extractorContext: ExtractorContext;
  /** The model's gateway, or null with the rules extractor. */
  readonly gateway: LlmGateway | null;
  /** The project prompt's version, for the run summary. */
  readonly promptVersion: string;
}

/**
 * What the extract stage needs for a run: the prompts, the model's gateway (cache, caps, retries) and the
 * `auto` extractor's judge of a rules result. `pacer` spaces the model's requests when the cap is shared
 * with other processes (the queue's workers); without one the gateway paces its own.
 */
export function createExtractorContext(
  stage: StageContext,
  options: { readonly fetch?: typeof fetch; readonly retryTiming?: Partial<RetryTiming>; readonly pacer?: RequestPacer } = {},
): ExtractorSetup {
  const { config, logger, signal } = stage;
  const prompt = loadPrompt("extract-project");
  const documentPrompt = loadPrompt("extract-document");
  const gateway: LlmGateway | null = config.llm
    ? createLlmGateway(config.llm, {
        cache: config.cache.enabled ? new ResponseCache(config.cache.dir) : null,
        logger,
        ...(options.fetch ? { fetch: options.fetch } : {}),
        ...(options.retryTiming ? { retryTiming: options.retryTiming } : {}),
        ...(options.pacer ? { pacer: options.pacer } : {}),
      })
    : null;
  const extractorContext: ExtractorContext = {
    signal,
    llm:
      gateway && config.llm
        ? { gateway, prompt, documentPrompt, reaskTokenBudget: config.llm.reaskTokenBudget, chunkCharacters: config.llm.chunkCharacters }
        : null,
    minConfidence: config.minConfidence,
    judgeRulesResult: (unit, document, result) => judgeRulesResult(unit, document, result, stage),
  };
  return { extractorContext, gateway, promptVersion: prompt.version };
}

/** For `auto`: why a rules result should go to the LLM — its own doubts, and validation errors of routed codes. */
async function judgeRulesResult(unit: ProjectUnit, document: DocumentContext, result: ExtractionResult, stage: StageContext): Promise<string[]> {
  const reasons = [...result.uncertainties];
  const record = buildRecord(unit, document, result);
  const { records } = await validateRecords({ context: document, units: [unit], records: [{ ...record, unit: { ...record.unit, index: 0 } }] }, stage);
  const routeOn = stage.config.routeOnFlagCodes;
  for (const flag of records[0]?.flags ?? []) {
    if (flag.severity === "error" && (routeOn === "all-errors" || routeOn.includes(flag.code))) reasons.push(`${flag.code} at ${flag.path}`);
  }
  return reasons;
}
