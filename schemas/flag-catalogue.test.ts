import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DOCUMENT_ERROR_CODES } from "../pipeline/errors.js";
import { repoRoot } from "../test/helpers.js";
import { describeCode, ERROR_CATALOGUE, FLAG_CATALOGUE } from "./flag-catalogue.js";
import { FlagCodeSchema } from "./flag-codes.js";

/** Every non-test TypeScript file under a folder. */
function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .map((file) => path.join(folder, file));
}

/** Flag codes as the pipeline's source raises them: `recordFlag(record, "code"` and `code: "code"` in flag objects. */
function raisedFlagCodes(): Set<string> {
  const codes = new Set<string>();
  for (const file of sourceFiles(path.join(repoRoot, "pipeline"))) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/recordFlag\(\s*[\w.]+,\s*"([a-z][a-z0-9_]*)"/g)) codes.add(match[1]!);
    for (const match of text.matchAll(/\bcode:\s*"([a-z][a-z0-9_]*)",\s*severity:/g)) codes.add(match[1]!);
  }
  return codes;
}

/** Error codes of `pipeline/errors.ts`: fixed ones, and prefix + each reason of the reason's union type. */
/** Every code a failed document can carry, from the list `pipeline/errors.ts` keeps (and the README's table is held to). */
function errorCodes(): Set<string> {
  const codes = new Set<string>(DOCUMENT_ERROR_CODES.map((code) => code.replace("llm_http_*", "llm_http_429")));
  for (const code of ["llm_http_unknown", "config_invalid"]) codes.add(code);
  return codes;
}

describe("flag catalogue", () => {
  it("describes every code of FlagCodeSchema in Chinese and English", () => {
    expect(Object.keys(FLAG_CATALOGUE).sort()).toEqual([...FlagCodeSchema.options].sort());
    for (const entry of Object.values(FLAG_CATALOGUE)) {
      expect(entry.zh.title).toMatch(/[\u4e00-\u9fff]/);
      expect(entry.en.title.length).toBeGreaterThan(3);
      expect(entry.zh.explanation.length).toBeGreaterThan(3);
      expect(entry.en.explanation.length).toBeGreaterThan(3);
    }
  });

  it("describes every flag code the pipeline's rules raise, found in their source", () => {
    const raised = raisedFlagCodes();
    // The scan must see the rules, or the check below would pass on nothing.
    expect(raised).toContain("layout_unsure");
    expect(raised).toContain("layout_rows_unread");
    expect(raised).toContain("value_empty");
    expect([...raised].filter((code) => describeCode(code) === null)).toEqual([]);
  });

  it("describes every error code a failed document can carry, not_a_target_table among them", () => {
    const codes = errorCodes();
    expect(codes).toContain("not_a_target_table");
    expect(codes).toContain("pdf_too_large");
    expect(codes).toContain("llm_reply_schema_mismatch");
    expect([...codes].filter((code) => describeCode(code) === null)).toEqual([]);
    expect(describeCode("not_a_target_table")?.zh.title).toBe(ERROR_CATALOGUE.not_a_target_table!.zh.title);
  });

  it("knows no code that is not a code", () => {
    expect(describeCode("no_such_code")).toBeNull();
  });
});
