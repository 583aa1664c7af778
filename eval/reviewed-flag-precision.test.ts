import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ReviewedFlag } from "../schemas/reviewed-flag.js";
import { EvalInputError } from "./eval-errors.js";
import { loadReviewedFlags } from "./reviewed-flag-precision.js";

const verdict = (code: string, value: ReviewedFlag["verdict"], stale = false): ReviewedFlag => ({
  id: `${code}-${value}-${Math.random()}`,
  document: "a.pdf",
  documentSha256: "0".repeat(64),
  project: "项目",
  code,
  path: "indicators.0.value",
  severity: "warning",
  message: "m",
  verdict: value,
  note: "",
  reviewer: "alice",
  decidedAt: "2025-01-01T00:00:00.000Z",
  bulk: false,
  stale,
});

describe("flag precision from the review", () => {
  it("is confirmed over judged, per code and overall, with stale verdicts counted", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "review-flags-")), "review-flags.jsonl");
    const rows = [verdict("value_unit_unknown", "confirmed"), verdict("value_unit_unknown", "false_positive"), verdict("value_unit_unknown", "false_positive", true), verdict("ungrounded", "confirmed")];
    writeFileSync(file, rows.map((row) => JSON.stringify(row)).join("\n") + "\n\n");
    const summary = await loadReviewedFlags(file);
    expect(summary.verdicts).toBe(4);
    expect(summary.byCode).toEqual([
      { code: "ungrounded", confirmed: 1, falsePositives: 0, precision: 1, stale: 0 },
      { code: "value_unit_unknown", confirmed: 1, falsePositives: 2, precision: 1 / 3, stale: 1 },
    ]);
    expect(summary.overall).toMatchObject({ confirmed: 2, falsePositives: 2, precision: 0.5 });
  });

  it("names the line that is not a verdict", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "review-flags-")), "review-flags.jsonl");
    writeFileSync(file, `${JSON.stringify(verdict("ungrounded", "confirmed"))}\n{"code": "x"}\n`);
    await expect(loadReviewedFlags(file)).rejects.toThrow(EvalInputError);
    await expect(loadReviewedFlags(file)).rejects.toThrow(/review-flags\.jsonl:2 is not a flag verdict/);
    await expect(loadReviewedFlags(path.join(path.dirname(file), "missing.jsonl"))).rejects.toThrow(/review -- export/);
  });
});
