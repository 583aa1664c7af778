import type { ExtractorName, TokenUsage } from "../schemas/project-record.js";
import type { DocumentContext, ProjectUnit, SegmentedDocument } from "../schemas/project-unit.js";
import { PipelineError, SegmentationError, serializeError } from "./errors.js";
import { NO_USAGE, rulesExtractionResult, type ExtractionResult, type Extractor, type ExtractorContext } from "./extractors/extraction-result.js";
import { extractDocumentWithLlm } from "./extractors/llm/extract-document-with-llm.js";
import { extractWithLlm } from "./extractors/llm/extract-with-llm.js";
import { extractWithRules } from "./extractors/rules/extract-with-rules.js";
import { judgeReading } from "./extractors/rules/judge-reading.js";

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
  const reasons = await context.judgeRulesResult(unit, document, rules);
  if (reasons.length === 0 || !context.llm) return rules;
  try {
    return { ...(await extractWithLlm(unit, document, context)), routedBecause: reasons };
  } catch (error) {
    if (context.signal.aborted) throw error;
    const failure = serializeError(error);
    return { ...rules, uncertainties: [...rules.uncertainties, ...reasons, `the LLM could not take over (${failure.code}: ${failure.message})`] };
  }
};

/** The extractor registry: the compiler insists on an entry for every name of `--extractor`. */
export const EXTRACTORS: Record<ExtractorName, Extractor> = { rules: extractRules, llm: extractWithLlm, auto: extractAuto };

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
      if (context.signal.aborted || segmented.units.length === 0 || extractor === "llm") throw asPipelineError(error, segmented.context);
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
