import { createHash } from "node:crypto";
import type { PipelineConfig } from "./config.js";
import type { ExtractorContext } from "./extractors/extraction-result.js";
import { codeFingerprint } from "./io/code-fingerprint.js";

/**
 * What decides a document's result besides its bytes: the extractor, the model (and the vision model), the
 * prompt and the JSON schema sent with it, the confidence thresholds and the code that reads (schemas/ included).
 * A run directory re-run with any of them changed redoes its documents instead of serving stale results.
 */
export function runFingerprint(config: PipelineConfig, extractorContext: ExtractorContext): string {
  const parts = {
    extractor: config.extractor,
    model: config.llm?.model ?? null,
    vision: config.vision ? `${config.vision.model}@${config.vision.minOcrConfidence}` : null,
    prompt: extractorContext.llm
      ? `${extractorContext.llm.prompt.version}#${extractorContext.llm.prompt.hash}+${extractorContext.llm.documentPrompt.version}#${extractorContext.llm.documentPrompt.hash}`
      : null,
    minConfidence: config.minConfidence,
    ocrMinConfidence: config.ocr.minConfidence,
    schema: extractorContext.llm?.schemaHash ?? null,
    code: codeFingerprint(),
    routeOn: config.extractor === "auto" ? config.routeOnFlagCodes : null,
  };
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}

/** The state store's key of a document whose bytes could not be read (so it has no content hash). */
export function pathKey(file: string): string {
  return `path:${createHash("sha256").update(file).digest("hex")}`;
}
