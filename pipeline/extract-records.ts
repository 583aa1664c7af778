import type { ExtractorName, TokenUsage } from "../schemas/project-record.js";
import type { DocumentContext, ProjectUnit, SegmentedDocument } from "../schemas/project-unit.js";
import { PipelineError, SegmentationError, serializeError } from "./errors.js";
import { NO_USAGE, rulesExtractionResult, type ExtractionResult, type Extractor, type ExtractorContext } from "./extractors/extraction-result.js";
import { extractWithRules } from "./extractors/rules/extract-with-rules.js";
import { judgeReading } from "./extractors/rules/judge-reading.js";
import { CostCeilingReachedError } from "./llm/cost-ceiling-reached-error.js";

// The model's extractors are imported on first use: with them come openai, the JSON schemas (zod-to-json-schema)
// and the page renderer, which a rules-only run never needs and would pay for at every start.
const extractWithLlm: Extractor = async (unit, document, context) => (await import("./extractors/llm/extract-with-llm.js")).extractWithLlm(unit, document, context);
const extractWithVision: Extractor = async (unit, document, context) =>
  (await import("./extractors/vision/extract-with-vision.js")).extractWithVision(unit, document, context);
const extractDocumentWithLlm = async (...args: Parameters<typeof import("./extractors/llm/extract-document-with-llm.js").extractDocumentWithLlm>) =>
  (await import("./extractors/llm/extract-document-with-llm.js")).extractDocumentWithLlm(...args);
import { needsVision } from "./extractors/vision/needs-vision.js";

export type UnitExtraction =
  | { readonly unit: ProjectUnit; readonly result: ExtractionResult; readonly error?: undefined }
  | { readonly unit: ProjectUnit; readonly error: PipelineError; readonly result?: undefined };

/** What the extract stage made of a document: one extraction per unit, and tokens no unit carries. */
export interface DocumentExtraction {
  /** In unit order; `unit.index` is the position. The units may be the model's when it read the whole document. */
  readonly extractions: readonly UnitExtraction[];
  /** Tokens of whole-document requests that returned no project. */
  readonly unattributed: { readonly usage: TokenUsage; readonly failedAttemptUsage: TokenUsage };
}

/**
 * The offline extractor as an `Extractor`: no tokens, no model. Its reading is judged by checks independent
 * of it (`judge-reading.ts`); below the configured confidence the failed checks become uncertainties.
 */
const extractRules: Extractor = async (unit, document, context) => {
  const { project, uncertainties } = extractWithRules(unit, document);
  const judgement = judgeReading(unit, project, { ocrMinConfidence: context.ocrMinConfidence });
  const doubts = judgement.confidence < context.minConfidence ? judgement.doubts.map((doubt) => `low confidence ${judgement.confidence}: ${doubt}`) : [];
  return { ...rulesExtractionResult(project, [...uncertainties, ...doubts]), confidence: judgement.confidence };
};

/**
 * Rules first; the LLM only for a unit the rules were unsure of or that failed validation with a routed
 * error. If that LLM call fails, the rules result is kept (its doubts stay on the record for review)
 * rather than losing the project.
 */
const extractAuto: Extractor = async (unit, document, context) => {
  const rules = await extractRules(unit, document, context);
  const judged = await context.judgeRulesResult(unit, document, rules);
  // A scan the OCR read poorly goes to the vision model even when the rules found nothing wrong with the text.
  const asImage = needsVision(unit, context.vision, judged.length > 0);
  const reasons = asImage && judged.length === 0 ? ["the OCR was unsure of its page(s)"] : judged;
  if (reasons.length === 0 || !context.llm) return rules;
  try {
    return { ...(await (asImage ? extractWithVision : extractWithLlm)(unit, document, context)), routedBecause: reasons };
  } catch (error) {
    if (context.signal.aborted) throw error;
    if (error instanceof CostCeilingReachedError) return { ...rules, uncertainties: [...rules.uncertainties, ...reasons], notSentToModel: "cost_ceiling" };
    const failure = serializeError(error);
    return { ...rules, uncertainties: [...rules.uncertainties, ...reasons, `the LLM could not take over (${failure.code}: ${failure.message})`] };
  }
};

/**
 * `llm`, within `--max-cost`: a unit the ceiling kept from the model gets the rules' reading, flagged, rather
 * than failing its document: the user chose to stop spending, not to lose the projects.
 */
const extractLlmWithinCeiling: Extractor = async (unit, document, context) => {
  try {
    return await (needsVision(unit, context.vision, false) ? extractWithVision : extractWithLlm)(unit, document, context);
  } catch (error) {
    if (!(error instanceof CostCeilingReachedError) || context.signal.aborted) throw error;
    return { ...(await extractRules(unit, document, context)), notSentToModel: "cost_ceiling" };
  }
};

/** The extractor registry: the compiler insists on an entry for every name of `--extractor`. */
export const EXTRACTORS: Record<ExtractorName, Extractor> = { rules: extractRules, llm: extractLlmWithinCeiling, auto: extractAuto };

const NOTHING_UNATTRIBUTED = { usage: NO_USAGE, failedAttemptUsage: NO_USAGE };

/**
 * Extract stage: every unit of a document through the chosen extractor, all at once; the LLM gateway's
 * queue is what bounds concurrency. A unit's failure is returned as data beside the others.
 *
 * A document the segmenter found nothing in, or doubts as a whole, goes to the model whole (`llm`, `auto`):
 * its pages in chunks, every project on them returned. Without a model such a document fails with the
 * segmenter's reason; with one that fails, `auto` keeps what the rules read.
 */
export async function extractRecords(segmented: SegmentedDocument, extractor: ExtractorName, context: ExtractorContext): Promise<DocumentExtraction> {
  const doubts = segmented.context.segmentationDoubts;
  if (context.llm && extractor !== "rules" && doubts.length > 0) {
    try {
      const reading = await extractDocumentWithLlm(segmented, doubts, context);
      if (reading.units.length > 0 || segmented.units.length === 0) return { extractions: reading.units, unattributed: reading.unattributed };
    } catch (error) {
      const ceiling = error instanceof CostCeilingReachedError;
      if (context.signal.aborted || segmented.units.length === 0 || (extractor === "llm" && !ceiling)) throw asPipelineError(error, segmented.context);
    }
  }
  if (segmented.units.length === 0) {
    throw new SegmentationError(`${segmented.context.path}: ${doubts.join(" ")}`, { document: segmented.context.path });
  }
  const extract = EXTRACTORS[extractor];
  const extractions = await Promise.all(
    segmented.units.map(async (unit): Promise<UnitExtraction> => {
      try {
        return { unit, result: await extract(unit, segmented.context, context) };
      } catch (error) {
        if (context.signal.aborted) throw error;
        return { unit, error: asPipelineError(error, segmented.context) };
      }
    }),
  );
  return { extractions, unattributed: NOTHING_UNATTRIBUTED };
}

function asPipelineError(error: unknown, document: DocumentContext): PipelineError {
  if (error instanceof PipelineError) return error;
  return new PipelineError(`Extraction failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`, {
    stage: "extract",
    document: document.path,
    cause: error,
  });
}
