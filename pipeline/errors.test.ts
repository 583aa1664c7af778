import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../test/helpers.js";
import { DOCUMENT_ERROR_CODES, serializeError, UnitsFailedError, PdfTooCostlyError } from "./errors.js";

describe("document error codes", () => {
  it("are each explained in the README's Failures section", () => {
    const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("\n## Failures\n"), readme.indexOf("\n## ", readme.indexOf("\n## Failures\n") + 1));
    const explained = new Set([...section.matchAll(/^\| `([a-z0-9_*]+)`/gm)].map((match) => match[1]));
    expect(DOCUMENT_ERROR_CODES.filter((code) => !explained.has(code))).toEqual([]);
  });

  it("gives a document whose units failed their most frequent code and its first message, not a count", () => {
    const unit = (code: string, message: string) => ({ name: "LlmCallError", code, stage: "extract" as const, message, document: "a.pdf" });
    const error = new UnitsFailedError([unit("llm_timeout", "slow"), unit("llm_http_500", "HTTP 500 first"), unit("llm_http_500", "HTTP 500 second")], 4, "a.pdf");
    expect(serializeError(error)).toMatchObject({ code: "llm_http_500", stage: "extract", document: "a.pdf", message: "3 of 4 project units could not be extracted: HTTP 500 first (also llm_timeout ×1)" });
  });

  it("serializes the limit a too costly document hit", () => {
    const error = new PdfTooCostlyError("too much", { document: "b.pdf", limit: "--max-inflated-mb" });
    expect(serializeError(error)).toMatchObject({ code: "pdf_too_costly", details: { limit: "--max-inflated-mb" } });
  });
});
