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
});
