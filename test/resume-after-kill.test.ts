import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ProjectRecordSchema } from "../schemas/project-record.js";
import { FAKE_BASE_URL, FAKE_MODEL } from "./fake-model.js";
import { makeBatch, repoRoot } from "./helpers.js";

const DOCUMENTS = 200;
const PROJECTS_PER_DOCUMENT = 6;

function ingest(inputDir: string, outDir: string) {
  const child = spawn(
    process.execPath,
    // tsx as a loader in this very process: the tsx CLI would run the script in a grandchild that
    // SIGKILL on the child would not reach.
    ["--import", "tsx", "--import", path.join(repoRoot, "test/child-fake-model.ts"), path.join(repoRoot, "bin/ingest.ts"), inputDir, "--out", outDir, "--extractor", "llm", "--no-cache", "--progress", "none", "--concurrency", "2", "--formats", "csv"],
    {
      cwd: repoRoot,
      env: { ...process.env, OPENAI_BASE_URL: FAKE_BASE_URL, OPENAI_API_KEY: "sk-test", OPENAI_MODEL: FAKE_MODEL, FAKE_MODEL_DELAY_MS: "40" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

function finishedDocuments(outDir: string): number {
  const directory = path.join(outDir, "documents");
  return existsSync(directory) ? readdirSync(directory).filter((name) => name.endsWith(".json")).length : 0;
}

describe("a bulk run killed with SIGKILL and run again", () => {
  it("ends with every document done exactly once, one record per project and no truncated output", async () => {
    const inputDir = makeBatch(DOCUMENTS);
    const outDir = path.join(mkdtempSync(path.join(tmpdir(), "resume-")), "run");
    mkdirSync(outDir);

    const first = ingest(inputDir, outDir);
    // Kill in the middle: once a fair share is done, with more in flight.
    const deadline = Date.now() + 120_000;
    while (finishedDocuments(outDir) < DOCUMENTS / 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    first.child.kill("SIGKILL");
    await first.exited;
    const doneBeforeKill = finishedDocuments(outDir);
    expect(doneBeforeKill).toBeGreaterThan(0);
    expect(doneBeforeKill).toBeLessThan(DOCUMENTS);
    expect(existsSync(path.join(outDir, "records.jsonl"))).toBe(false);

    const second = ingest(inputDir, outDir);
    expect(await second.exited, second.stderr()).toBe(0);

    const state = new Database(path.join(outDir, "state.sqlite"), { readonly: true });
    const rows = state.prepare("SELECT status, attempts FROM documents").all() as Array<{ status: string; attempts: number }>;
    state.close();
    expect(rows).toHaveLength(DOCUMENTS);
    expect(rows.every((row) => row.status === "done")).toBe(true);
    // Finished documents were not redone; only those in flight at the kill were started twice: at most
    // --concurrency 2 reading plus 2 × the default 4 model requests' worth waiting on the model.
    expect(rows.filter((row) => row.attempts === 1).length).toBeGreaterThanOrEqual(doneBeforeKill);
    expect(rows.filter((row) => row.attempts > 1).length).toBeLessThanOrEqual(2 + 2 * 4);

    const lines = readFileSync(path.join(outDir, "records.jsonl"), "utf8").split("\n");
    expect(lines.pop()).toBe("");
    const records = lines.map((line) => ProjectRecordSchema.parse(JSON.parse(line)));
    expect(records).toHaveLength(DOCUMENTS * PROJECTS_PER_DOCUMENT);
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
    const summary = JSON.parse(readFileSync(path.join(outDir, "run.json"), "utf8")) as { totals: { done: number; reused: number; projects: number } };
    expect(summary.totals).toMatchObject({ done: DOCUMENTS, projects: DOCUMENTS * PROJECTS_PER_DOCUMENT });
    expect(summary.totals.reused).toBe(doneBeforeKill);
    const csvRows = readFileSync(path.join(outDir, "projects.csv"), "utf8").trimEnd().split("\r\n");
    expect(csvRows).toHaveLength(1 + DOCUMENTS * PROJECTS_PER_DOCUMENT);
  }, 300_000);
});
