import type { ExtractedProject } from "../../schemas/extracted-project.js";
import type { TokenUsage } from "../../schemas/project-record.js";
import type { DocumentContext, ProjectUnit } from "../../schemas/project-unit.js";
import type { LlmGateway } from "../llm/llm-gateway.js";
import type { PromptTemplate } from "../../prompts/load-prompt.js";
import type { Box } from "../../schemas/layout.js";
import type { ImageTokenBudget } from "./vision/image-token-budget.js";
import type { PageImage } from "./vision/page-image.js";

/** What any extractor returns for one unit: the copied values and how they were obtained. */
export interface ExtractionResult {
  readonly project: ExtractedProject;
  readonly extractor: "rules" | "llm";
  readonly model: string | null;
  readonly promptVersion: string | null;
  readonly usage: TokenUsage;
  readonly failedAttemptUsage: TokenUsage;
  readonly attempts: number;
  readonly cached: boolean;
  readonly uncertainties: readonly string[];
  /** The rules' confidence in their reading (0–1, see ProjectRecord.extraction.confidence); absent for a model's. */
  readonly confidence?: number;
  /** Set by `auto` when it sent the unit to the LLM: why the rules result was not kept. */
  readonly routedBecause?: readonly string[];
  /** The unit needed the model but the run's cost ceiling was reached first: this is the rules' reading. */
  readonly notSentToModel?: "cost_ceiling";
  /** Values a vision model read from the page image rather than the OCR text, each with its box in PDF points. */
  readonly readFromImage?: ReadonlyArray<{ readonly field: string; readonly text: string; readonly page: number; readonly box: Box }>;
}

/** `--vision-model`: a scanned page the OCR read poorly, or a unit the reader doubted, goes to the model as an image. */
export interface VisionContext {
  readonly gateway: LlmGateway;
  readonly prompt: PromptTemplate;
  readonly reaskTokenBudget: number;
  /** A scanned page whose mean OCR confidence is below this is read from its image. */
  readonly minOcrConfidence: number;
  readonly maxImageTokensPerUnit: number;
  /** Shared by the whole run. */
  readonly budget: ImageTokenBudget;
  /** The document being extracted, set by the runner per document: its OCR'd pages' confidence, and their images. */
  readonly pages: { readonly ocrConfidence: ReadonlyMap<number, number>; render(page: number): Promise<PageImage> } | null;
}

/** What an extractor may use besides the unit. The runner builds it; extractors read nothing global. */
export interface ExtractorContext {
  readonly signal: AbortSignal;
  readonly llm: {
    readonly gateway: LlmGateway;
    /** The one-project prompt (`extract-project`). */
    readonly prompt: PromptTemplate;
    /** The whole-document prompt (`extract-document`), for documents the table reader could not segment. */
    readonly documentPrompt: PromptTemplate;
    /** Hash of the project JSON schema the requests carry (part of the run fingerprint). */
    readonly schemaHash: string;
    readonly reaskTokenBudget: number;
    /** How much document text one whole-document request may carry, in characters (≈ tokens for CJK). */
    readonly chunkCharacters: number;
  } | null;
  /** A rules reading below this confidence (0–1) is unsure: `auto` sends it to the model, `rules` flags it. */
  readonly minConfidence: number;
  /** Null or absent without `--vision-model`. */
  readonly vision?: VisionContext | null;
  /** A value OCR read with a character below this confidence (0–1) is in doubt (`PipelineConfig.ocr.minConfidence`). */
  readonly ocrMinConfidence: number;
  /**
   * For `auto`: the reasons a rules result should go to the LLM (its uncertainties, validation errors of
   * the configured codes), empty when it can be kept. Supplied by the runner, which owns validation.
   */
  readonly judgeRulesResult: (unit: ProjectUnit, document: DocumentContext, result: ExtractionResult) => Promise<readonly string[]>;
}

export type Extractor = (unit: ProjectUnit, document: DocumentContext, context: ExtractorContext) => Promise<ExtractionResult>;

export const NO_USAGE: TokenUsage = Object.freeze({ promptTokens: 0, completionTokens: 0 });

/** A result of the offline extractor: no model, no tokens, one attempt, its doubts as uncertainties. */
export function rulesExtractionResult(project: ExtractedProject, uncertainties: readonly string[] = []): ExtractionResult {
  return {
    project,
    extractor: "rules",
    model: null,
    promptVersion: null,
    usage: NO_USAGE,
    failedAttemptUsage: NO_USAGE,
    attempts: 1,
    cached: false,
    uncertainties,
  };
}

/** `a` less `b`, never below 0 (the part of a run's tokens not replayed from the response cache). */
export function subtractUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const cached = Math.max(0, (a.cachedPromptTokens ?? 0) - (b.cachedPromptTokens ?? 0));
  return {
    promptTokens: Math.max(0, a.promptTokens - b.promptTokens),
    completionTokens: Math.max(0, a.completionTokens - b.completionTokens),
    ...(cached > 0 ? { cachedPromptTokens: cached } : {}),
  };
}

/** The sum of two usages; `cachedPromptTokens` stays absent while neither side reported any. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const cached = (a.cachedPromptTokens ?? 0) + (b.cachedPromptTokens ?? 0);
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    ...(cached > 0 ? { cachedPromptTokens: cached } : {}),
  };
}
