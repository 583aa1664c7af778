import { DEFAULT_OCR_MIN_CONFIDENCE } from "../config.js";
import { loadPrompt } from "../../prompts/load-prompt.js";
import { FAKE_BASE_URL, FAKE_MODEL } from "../../test/fake-model.js";
import type { LlmConfig } from "../config.js";
import { createLlmGateway } from "../llm/llm-gateway.js";
import { silentLogger } from "../logger.js";
import type { ExtractorContext } from "./extraction-result.js";
import { PROJECT_SCHEMA_HASH } from "./llm/extract-with-llm.js";

// Test support: an extractor context whose gateway talks to the msw fake model (test/fake-model.ts).

/** The LLM settings of tests: the fake endpoint, no retries, short timeouts. */
export function testLlmConfig(overrides: Partial<LlmConfig> = {}): LlmConfig {
  return {
    baseUrl: FAKE_BASE_URL,
    apiKey: "k",
    model: FAKE_MODEL,
    timeoutMs: 5_000,
    maxRetries: 0,
    concurrency: 2,
    requestsPerMinute: 0,
    reaskTokenBudget: 16_000,
    chunkCharacters: 6_000,
    maxRetryAfterMs: 1_000,
    breakerFailures: 0,
    breakerPauseMs: 0,
    ...overrides,
  };
}

/** An extractor context on the fake model; `judgeRulesResult` passes the rules' own doubts through by default. */
export function testExtractorContext(
  options: { readonly llm?: Partial<LlmConfig>; readonly judgeRulesResult?: ExtractorContext["judgeRulesResult"]; readonly minConfidence?: number } = {},
): ExtractorContext {
  const config = testLlmConfig(options.llm);
  return {
    signal: new AbortController().signal,
    llm: {
      gateway: createLlmGateway(config, { cache: null, logger: silentLogger }),
      prompt: loadPrompt("extract-project"),
      documentPrompt: loadPrompt("extract-document"),
      schemaHash: PROJECT_SCHEMA_HASH,
      reaskTokenBudget: config.reaskTokenBudget,
      chunkCharacters: config.chunkCharacters,
    },
    minConfidence: options.minConfidence ?? 0.8,
    ocrMinConfidence: DEFAULT_OCR_MIN_CONFIDENCE,
    judgeRulesResult: options.judgeRulesResult ?? (async (_unit, _document, result) => result.uncertainties),
  };
}
