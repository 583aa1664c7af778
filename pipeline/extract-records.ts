import type { ExtractorName } from "../schemas/project-record.js";
import type { DocumentContext, ProjectUnit, SegmentedDocument } from "../schemas/project-unit.js";
import { PipelineError, serializeError } from "./errors.js";
import { rulesExtractionResult, type ExtractionResult, type Extractor, type ExtractorContext } from "./extractors/extraction-result.js";
import { extractWithLlm } from "./extractors/llm/extract-with-llm.js";
import { extractWithRules } from "./extractors/rules/extract-with-rules.js";

export type UnitExtraction =
  | { readonly unit: ProjectUnit; readonly result: ExtractionResult; readonly error?: undefined }
  | { readonly unit: ProjectUnit; readonly error: PipelineError; readonly result?: undefined };

/** The offline extractor as an `Extractor`: no tokens, no model, its doubts kept as uncertainties. */
const extractRules: Extractor = async (unit, document) => {
  const { project, uncertainties } = extractWithRules(unit, document);
  return rulesExtractionResult(project, uncertainties);
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

/**
 * Extract stage: every unit of a document through the chosen extractor, all at once; the LLM gateway's
 * queue is what bounds concurrency. A unit's failure is returned as data beside the others.
 */
export async function extractRecords(
  segmented: SegmentedDocument,
  extractor: ExtractorName,
  context: ExtractorContext,
): Promise<UnitExtraction[]> {
  const extract = EXTRACTORS[extractor];
  return Promise.all(
    segmented.units.map(async (unit): Promise<UnitExtraction> => {
      try {
        return { unit, result: await extract(unit, segmented.context, context) };
      } catch (error) {
        if (context.signal.aborted) throw error;
        return { unit, error: asPipelineError(error, segmented.context) };
      }
    }),
  );
}

function asPipelineError(error: unknown, document: DocumentContext): PipelineError {
  if (error instanceof PipelineError) return error;
  return new PipelineError(`Extraction failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`, {
    stage: "extract",
    document: document.path,
    cause: error,
  });
}
