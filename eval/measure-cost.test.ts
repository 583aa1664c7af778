import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ProjectRecord } from "../schemas/project-record.js";
import type { DocumentResult } from "../schemas/run-summary.js";
import { GOLD_DIR, loadGold } from "./load-gold.js";
import { measureCost } from "./measure-cost.js";
import { recordFromGold } from "./record-from-gold.js";

const projects = loadGold(path.join(GOLD_DIR, "seed-003-vertical.gold.json")).projects;

function llmRecord(index: number, extraction: Partial<ProjectRecord["extraction"]>): ProjectRecord {
  const record = recordFromGold(projects[index]!, index);
  return { ...record, extraction: { ...record.extraction, ...extraction } };
}

function resultWith(records: ProjectRecord[], usage: { promptTokens: number; completionTokens: number }): DocumentResult {
  return {
    path: "x.pdf",
    sha256: null,
    status: "done",
    family: "vertical",
    pageCount: 1,
    ocrPages: [],
    records,
    documentFlags: [],
    error: null,
    unitErrors: [],
    unitsByExtractor: { rules: 0, llm: records.length },
    routedToLlm: 0,
    usage,
    failedAttemptUsage: { promptTokens: 0, completionTokens: 0 },
    durationMs: 1234,
  };
}

describe("measureCost", () => {
  it("counts re-asks as calls and bills only the answers that did not come from the cache", () => {
    const records = [
      llmRecord(0, { attempts: 2, cached: false, usage: { promptTokens: 2000, completionTokens: 300 } }),
      llmRecord(1, { attempts: 1, cached: true, usage: { promptTokens: 900, completionTokens: 150 } }),
      llmRecord(2, { extractor: "rules", attempts: 1, cached: false, usage: { promptTokens: 0, completionTokens: 0 } }),
    ];
    expect(measureCost(resultWith(records, { promptTokens: 2900, completionTokens: 450 }))).toEqual({
      documents: 1,
      llmCalls: 3,
      cacheHits: 1,
      promptTokens: 2900,
      completionTokens: 450,
      billedPromptTokens: 2000,
      billedCompletionTokens: 300,
      billedCachedPromptTokens: 0,
      durationMs: 1234,
    });
  });

  it("counts a document the pipeline returned nothing for as one document that cost nothing", () => {
    expect(measureCost(undefined)).toMatchObject({ documents: 1, llmCalls: 0, promptTokens: 0, durationMs: 0 });
  });
});
