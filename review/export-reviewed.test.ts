import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../pipeline/logger.js";
import { ProjectRecordSchema } from "../schemas/project-record.js";
import { exportReviewed } from "./export-reviewed.js";
import { ReviewedFlagSchema } from "../schemas/reviewed-flag.js";
import { resolveReviewOptions } from "./review-options.js";
import { ReviewService } from "./review-service.js";
import { reviewStageContext } from "./review-stage-context.js";
import { ingest, PERCENT_RECORD_SUFFIX, HOSTILE_RECORD_SUFFIX, recordId, temporaryDirectory } from "./test-run.js";

describe("exportReviewed", () => {
  it("writes the corrected records in JSONL, CSV, XLSX and SQLite, leaves rejected ones out and lists every decision", async () => {
    const runDir = await ingest();
    const corrected = recordId(runDir, PERCENT_RECORD_SUFFIX);
    const rejected = recordId(runDir, HOSTILE_RECORD_SUFFIX);
    const service = await ReviewService.open(resolveReviewOptions({ runDir, reviewer: "alice", goldDir: temporaryDirectory("gold-") }, {}));
    await service.decide(corrected, { action: "correct", note: "typo", edits: { "indicators.2.value": "100百分比" } });
    await service.decide(rejected, { action: "reject", note: "not a project" });
    await service.close();

    const outDir = path.join(runDir, "reviewed");
    const result = await exportReviewed({ runDir, outDir, databaseFile: path.join(runDir, "review.sqlite") }, reviewStageContext(silentLogger));
    expect(result).toMatchObject({ records: 5, decisions: { accept: 0, correct: 1, reject: 1 }, stale: [], unapplied: [] });
    for (const name of ["records.jsonl", "flagged.jsonl", "review-decisions.jsonl", "records.sqlite"]) expect(existsSync(path.join(outDir, name)), name).toBe(true);
    expect(result.files.some((file) => file.endsWith(".csv"))).toBe(true);
    expect(result.files.some((file) => file.endsWith(".xlsx"))).toBe(true);

    const records = readFileSync(path.join(outDir, "records.jsonl"), "utf8").trimEnd().split("\n").map((line) => ProjectRecordSchema.parse(JSON.parse(line)));
    expect(records.map((record) => record.id)).not.toContain(rejected);
    const fixed = records.find((record) => record.id === corrected)!;
    expect(fixed.indicators[2]!.value.raw).toBe("100百分比");
    expect(fixed.flags.map((flag) => flag.code)).not.toContain("value_percent_over_100");

    const database = new Database(path.join(outDir, "records.sqlite"), { readonly: true });
    const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    const indicatorTable = tables.find((table) => table.name === "indicators")!.name;
    const values = database.prepare(`SELECT * FROM ${indicatorTable}`).all() as Array<Record<string, unknown>>;
    database.close();
    expect(values.some((row) => Object.values(row).includes("100百分比"))).toBe(true);
    expect(values.some((row) => Object.values(row).includes("1000百分比"))).toBe(false);

    const decisions = readFileSync(path.join(outDir, "review-decisions.jsonl"), "utf8").trimEnd().split("\n").map((line) => JSON.parse(line) as { id: string; action: string });
    expect(decisions.map((decision) => [decision.id, decision.action]).sort()).toEqual([[corrected, "correct"], [rejected, "reject"]].sort());
    // The run's own outputs are untouched.
    expect(readFileSync(path.join(runDir, "records.jsonl"), "utf8")).toContain("1000百分比");
  });

  it("carries decision, reviewer, time and note columns into the tables, and writes the flag verdicts to review-flags.jsonl", async () => {
    const runDir = await ingest();
    const corrected = recordId(runDir, PERCENT_RECORD_SUFFIX);
    let times = 0;
    const service = await ReviewService.open(resolveReviewOptions({ runDir, reviewer: "bob", goldDir: temporaryDirectory("gold-") }, {}), {
      now: () => new Date(Date.UTC(2025, 0, 2, 3, 4, times++)),
    });
    await service.decide(corrected, { action: "correct", note: "typo for 100", edits: { "indicators.2.value": "100百分比" } });
    const bulk = await service.bulk({ code: "value_percent_over_100", action: "false_positive", note: "the document says so", filters: { q: "", document: "", region: "", status: "", all: true } });
    await service.close();
    expect(bulk.applied).toBe(1);

    const outDir = path.join(runDir, "reviewed");
    const result = await exportReviewed({ runDir, outDir, databaseFile: path.join(runDir, "review.sqlite") }, reviewStageContext(silentLogger));
    expect(result.flagVerdicts).toBe(1);
    const lines = readFileSync(path.join(outDir, "review-flags.jsonl"), "utf8").trimEnd().split("\n").map((line) => ReviewedFlagSchema.parse(JSON.parse(line)));
    expect(lines).toEqual([
      expect.objectContaining({ id: corrected, code: "value_percent_over_100", path: "indicators.2.value", verdict: "false_positive", reviewer: "bob", note: "the document says so", bulk: true, stale: false, decidedAt: "2025-01-02T03:04:01.000Z" }),
    ]);

    const csv = readFileSync(result.files.find((file) => file.endsWith("projects.csv"))!, "utf8");
    const [header, ...rows] = csv.replace(/^\ufeff/, "").trimEnd().split(/\r?\n/);
    const columns = header!.split(",");
    for (const column of ["review_decision", "reviewed_by", "reviewed_at", "review_note"]) expect(columns).toContain(column);
    const decidedRow = rows.find((row) => row.includes("correct"))!;
    expect(decidedRow).toContain("bob");
    expect(decidedRow).toContain("2025-01-02T03:04:00.000Z");
    expect(decidedRow).toContain("typo for 100");
  });
});
