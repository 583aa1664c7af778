import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
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
function errorCodes(): Set<string> {
  const text = readFileSync(path.join(repoRoot, "pipeline/errors.ts"), "utf8");
  const codes = new Set([...text.matchAll(/code(?::\s*string)?\s*=\s*"([a-z_]+)"/g)].map((match) => match[1]!));
  const pdfReasons = /type PdfReadReason = ([^;]+);/.exec(text)?.[1] ?? "";
  for (const reason of pdfReasons.matchAll(/"([a-z_]+)"/g)) codes.add(`pdf_${reason[1]}`);
  const replyReasons = /reason: ("[a-z_]+"(?:\s*\|\s*"[a-z_]+")+);/.exec(text)?.[1] ?? "";
  for (const reason of replyReasons.matchAll(/"([a-z_]+)"/g)) codes.add(`llm_reply_${reason[1]}`);
  for (const code of ["llm_timeout", "llm_connection", "llm_http_429", "llm_http_unknown", "unexpected"]) codes.add(code);
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
