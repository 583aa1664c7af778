import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RunSummarySchema } from "../schemas/run-summary.js";
import { parseBatchState } from "./fake-batch-api.js";
import { FAKE_BASE_URL, FAKE_MODEL } from "./fake-model.js";
import { FIXTURE_PDFS, repoRoot } from "./helpers.js";

function ingest(outDir: string, stateFile: string, env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    [
      "--import", "tsx", "--import", path.join(repoRoot, "test/child-fake-batch-api.ts"), path.join(repoRoot, "bin/ingest.ts"), FIXTURE_PDFS.vertical,
      "--out", outDir, "--extractor", "llm", "--llm-mode", "batch", "--batch-poll-ms", "20", "--batch-collect-ms", "200", "--no-cache", "--progress", "none", "--formats", "csv",
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, OPENAI_BASE_URL: FAKE_BASE_URL, OPENAI_API_KEY: "sk-test", OPENAI_MODEL: FAKE_MODEL, FAKE_BATCH_STATE: stateFile, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

const fakeState = (file: string) => (existsSync(file) ? parseBatchState(readFileSync(file, "utf8")) : null);

describe("a batch run killed with SIGKILL while it polls, and run again", () => {
  it("polls the batch the killed run submitted, submits nothing twice, and writes every project once", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "batch-kill-"));
    const outDir = path.join(directory, "run");
    const stateFile = path.join(directory, "fake-batch-state.json");

    // The provider keeps the batch in_progress: the first run can only poll it, until it is killed.
    const first = ingest(outDir, stateFile, { FAKE_BATCH_SCRIPT: "validating,in_progress" });
    const deadline = Date.now() + 120_000;
    while ((fakeState(stateFile)?.batches.get("batch_2")?.polls ?? 0) < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    first.child.kill("SIGKILL");
    await first.exited;
    const killed = fakeState(stateFile)!;
    expect(killed.batches.size, first.stderr()).toBe(1);
    expect(killed.batches.get("batch_2")!.polls).toBeGreaterThanOrEqual(3);
    expect(existsSync(path.join(outDir, "records.jsonl"))).toBe(false);

    // Meanwhile the provider finished it.
    const second = ingest(outDir, stateFile, { FAKE_BATCH_COMPLETE: "1" });
    expect(await second.exited, second.stderr()).toBe(0);

    const after = fakeState(stateFile)!;
    expect(after.batches.size).toBe(1);
    expect([...after.files.keys()].filter((id) => id.startsWith("file-in-"))).toHaveLength(1);
    const records = readFileSync(path.join(outDir, "records.jsonl"), "utf8").trimEnd().split("\n");
    expect(records).toHaveLength(6);
    const summary = RunSummarySchema.parse(JSON.parse(readFileSync(path.join(outDir, "run.json"), "utf8")));
    expect(summary.batches).toMatchObject([{ id: "batch_2", status: "downloaded", requests: 6, completed: 6, failed: 0 }]);
    expect(summary.totals).toMatchObject({ done: 1, projects: 6, llmRequests: 0 });
  }, 240_000);
});
