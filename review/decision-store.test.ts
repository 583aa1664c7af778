import path from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import type { ProjectRecord } from "../schemas/project-record.js";
import { DecisionStore, type NewDecision } from "./decision-store.js";
import { loadRun } from "./load-run.js";
import { ingest, temporaryDirectory } from "./test-run.js";

let record: ProjectRecord;

beforeAll(async () => {
  const run = await loadRun(await ingest());
  record = [...run.records.values()][0]!;
});

function decision(overrides: Partial<NewDecision> = {}): NewDecision {
  return {
    recordId: record.id,
    documentSha256: record.document.sha256,
    action: "accept",
    note: "",
    reviewer: "alice",
    decidedAt: "2025-03-04T05:06:07.000Z",
    pipelineRecordSha256: "f".repeat(64),
    edits: {},
    record,
    ...overrides,
  };
}

describe("DecisionStore", () => {
  it("keeps every decision; the latest is the one in force, and all survive reopening the file", () => {
    const file = path.join(temporaryDirectory("store-"), "review.sqlite");
    const store = DecisionStore.open(file);
    store.add(decision());
    store.add(decision({ action: "correct", reviewer: "bob", edits: { "indicators.0.value": "≥31台" }, decidedAt: "2025-03-05T00:00:00.000Z" }));
    store.close();

    const reopened = DecisionStore.open(file);
    expect(reopened.latest(record.id)).toMatchObject({ action: "correct", reviewer: "bob", edits: { "indicators.0.value": "≥31台" } });
    expect(reopened.latest(record.id)!.record).toEqual(record);
    expect(reopened.history(record.id).map((entry) => entry.reviewer)).toEqual(["bob", "alice"]);
    expect(reopened.latestAll().get(record.id)?.action).toBe("correct");
    expect([...reopened.latestForDocument(record.document.sha256).keys()]).toEqual([record.id]);
    expect(reopened.latest("no-such-record")).toBeNull();
    reopened.close();
  });

  it("refuses to change or delete a stored decision: the history is append-only in the file itself", () => {
    const file = path.join(temporaryDirectory("store-"), "review.sqlite");
    DecisionStore.open(file).add(decision());
    const raw = new Database(file);
    expect(() => raw.prepare("UPDATE decisions SET action = 'reject'").run()).toThrow(/append-only/);
    expect(() => raw.prepare("DELETE FROM decisions").run()).toThrow(/append-only/);
    raw.close();
  });

  it("refuses a database written by a newer version of the app", () => {
    const file = path.join(temporaryDirectory("store-"), "review.sqlite");
    const raw = new Database(file);
    raw.pragma("user_version = 99");
    raw.close();
    expect(() => DecisionStore.open(file)).toThrow(/newer review app/);
  });

  it("keeps flag verdicts append-only too, the latest per flag in force, and opens a database of the first schema", () => {
    const file = path.join(temporaryDirectory("store-"), "review.sqlite");
    // A database as the first version wrote it: decisions only, user_version 1.
    const old = new Database(file);
    old.exec("CREATE TABLE decisions (id INTEGER PRIMARY KEY AUTOINCREMENT, record_id TEXT NOT NULL, document_sha256 TEXT NOT NULL, action TEXT NOT NULL, note TEXT NOT NULL, reviewer TEXT NOT NULL, decided_at TEXT NOT NULL, pipeline_record_sha256 TEXT NOT NULL, edits_json TEXT NOT NULL, record_json TEXT NOT NULL)");
    old.pragma("user_version = 1");
    old.close();

    const store = DecisionStore.open(file);
    const verdict = { recordId: record.id, documentSha256: record.document.sha256, code: "value_unit_unknown", path: "indicators.4.value", note: "", reviewer: "alice", decidedAt: "2025-03-04T05:06:07.000Z", pipelineRecordSha256: "f".repeat(64), bulkId: null };
    store.addFlagVerdicts([{ ...verdict, verdict: "false_positive" }]);
    store.addFlagVerdicts([{ ...verdict, verdict: "confirmed", reviewer: "bob" }, { ...verdict, path: "indicators.5.value", verdict: "false_positive", bulkId: "b1" }]);
    expect(store.latestFlagVerdicts().map((row) => [row.path, row.verdict, row.reviewer, row.bulkId])).toEqual([
      ["indicators.4.value", "confirmed", "bob", null],
      ["indicators.5.value", "false_positive", "alice", "b1"],
    ]);
    store.close();

    const raw = new Database(file);
    expect(() => raw.prepare("UPDATE flag_verdicts SET verdict = 'confirmed'").run()).toThrow(/append-only/);
    expect(() => raw.prepare("DELETE FROM flag_verdicts").run()).toThrow(/append-only/);
    expect(raw.pragma("user_version", { simple: true })).toBe(2);
    raw.close();
  });
});
