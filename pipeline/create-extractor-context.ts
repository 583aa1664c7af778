import { loadPrompt } from "../prompts/load-prompt.js";
import type { DocumentContext, ProjectUnit } from "../schemas/project-unit.js";
import type { StageContext } from "./context.js";
import { buildRecord } from "./domain/build-record.js";
import type { ExtractionResult, ExtractorContext } from "./extractors/extraction-result.js";
import type { CostCeiling } from "./llm/cost-ceiling.js";
import type { ModelGateway } from "./llm/create-model-gateway.js";
import type { LlmGateway } from "./llm/llm-gateway.js";
import { loadModelParts, type ModelPartsOptions } from "./llm/load-model-parts.js";
import { validateRecords } from "./validate-records.js";

export interface ExtractorSetup {
  readonly extractorContext: ExtractorContext;
  /** The model's door for `--llm-mode` (sync or batch), or null with the rules extractor. */
  readonly modelGateway: ModelGateway | null;
  /** The text path's gateway (`modelGateway.gateway`), or null with the rules extractor. */
  readonly gateway: LlmGateway | null;
  /** `--max-cost`'s guard, or null without a ceiling. */
  readonly ceiling: CostCeiling | null;
  /** The project prompt's version, for the run summary. */
  readonly promptVersion: string;
}

/** How the model is reached (a test's fetch, retry timing, shared pacers, per-document counters): see `ModelPartsOptions`. */
export type ExtractorSetupOptions = ModelPartsOptions;

/**
 * What the extract stage needs for a run: the prompts, the model's gateway (cache, caps, retries, circuit
 * breaker; batch jobs with `--llm-mode batch`), the cost ceiling both it and the vision gateway ask before
 * they send, the vision context, and the `auto` extractor's judge of a rules result. Async because the
 * model's parts (openai, the tokenizer, canvas for page images) are only loaded when there is a model.
 */
export async function createExtractorContext(stage: StageContext, options: ExtractorSetupOptions = {}): Promise<ExtractorSetup> {
  const { config, signal } = stage;
  const prompt = loadPrompt("extract-project");
  const documentPrompt = loadPrompt("extract-document");
  const { modelGateway, vision, ceiling, schemaHash } = await loadModelParts(stage, options);
  const gateway = modelGateway?.gateway ?? null;
  const extractorContext: ExtractorContext = {
    signal,
    llm:
      gateway && config.llm && schemaHash
        ? { gateway, prompt, documentPrompt, schemaHash, reaskTokenBudget: config.llm.reaskTokenBudget, chunkCharacters: config.llm.chunkCharacters }
        : null,
    minConfidence: config.minConfidence,
    vision,
    ocrMinConfidence: config.ocr.minConfidence,
    judgeRulesResult: (unit, document, result) => judgeRulesResult(unit, document, result, stage),
  };
  return { extractorContext, modelGateway, gateway, ceiling, promptVersion: prompt.version };
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
