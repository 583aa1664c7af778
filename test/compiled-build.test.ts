import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturePath, repoRoot } from "./helpers.js";

/** A build of its own beside build/ (inside the repository, so it finds node_modules), removed afterwards. */
const buildDir = path.join(repoRoot, "test-artifacts", `build-${process.pid}`);
const scratch = mkdtempSync(path.join(tmpdir(), "compiled-build-"));
const onePage = fixturePath("bench", "one-page.pdf");

function ingest(entryArguments: string[], out: string): { status: number | null; stderr: string; workers: Array<{ entry: string; eval: boolean }> } {
  const workersFile = path.join(scratch, `${path.basename(out)}-workers.json`);
  const child = spawnSync(
    process.execPath,
    ["--import", path.join(repoRoot, "test/record-workers.js"), ...entryArguments, onePage, "--out", out, "--progress", "none", "--formats", "csv", "--extractor", "rules"],
    { cwd: repoRoot, encoding: "utf8", env: { ...process.env, RECORD_WORKERS_FILE: workersFile } },
  );
  return { status: child.status, stderr: child.stderr, workers: JSON.parse(readFileSync(workersFile, "utf8")) as Array<{ entry: string; eval: boolean }> };
}

describe("the compiled build", () => {
  beforeAll(() => {
    const build = spawnSync(process.execPath, [path.join(repoRoot, "scripts/build.js"), "--out", path.relative(repoRoot, buildDir), "--quiet"], { cwd: repoRoot, encoding: "utf8" });
    expect(build.status, build.stderr).toBe(0);
  });
  afterAll(() => {
    rmSync(buildDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it("writes the same records as the sources, and starts its worker threads from .js without tsx", () => {
    const compiled = ingest([path.join(buildDir, "bin/ingest.js")], path.join(scratch, "compiled"));
    const sources = ingest(["--import", "tsx", path.join(repoRoot, "bin/ingest.ts")], path.join(scratch, "sources"));
    expect(compiled.status, compiled.stderr).toBe(0);
    expect(sources.status, sources.stderr).toBe(0);
    const records = (run: string) => readFileSync(path.join(scratch, run, "records.jsonl"), "utf8");
    expect(records("compiled")).not.toBe("");
    expect(records("compiled")).toBe(records("sources"));

    // The document reader pool started at least one worker; from the build, each loads its compiled entry directly.
    expect(compiled.workers.length).toBeGreaterThan(0);
    for (const worker of compiled.workers) {
      expect(worker.eval).toBe(false);
      expect(worker.entry).toMatch(new RegExp(`^file://${buildDir}/.*\\.js$`));
    }
    // From the sources, the same workers bootstrap tsx: the difference the build removes.
    expect(sources.workers.every((worker) => worker.eval && worker.entry.includes("tsx"))).toBe(true);
  });

  it("runs from bin/run.js with the entry's own arguments, build or no build", () => {
    const help = spawnSync(process.execPath, [path.join(repoRoot, "bin/run.js"), "bin/ingest.ts", "--help"], { cwd: repoRoot, encoding: "utf8" });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ingest/);
  });
});
