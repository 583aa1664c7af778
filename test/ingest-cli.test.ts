import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURE_PDFS, repoRoot } from "./helpers.js";

describe("bin/ingest.ts", () => {
  it("logs one JSON object a line on stderr with --log-format json, and writes Chinese headers with --headers zh", () => {
    const outDir = mkdtempSync(path.join(tmpdir(), "ingest-cli-"));
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(repoRoot, "bin/ingest.ts"), FIXTURE_PDFS.vertical, "--out", outDir, "--log-format", "json", "--headers", "zh", "--formats", "csv"],
      { cwd: repoRoot, encoding: "utf8", env: { ...process.env, OPENAI_BASE_URL: "", OPENAI_API_KEY: "" } },
    );
    expect(child.status, child.stderr).toBe(0);
    const events = child.stderr.trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((event) => event.event)).toEqual(["extractor-chosen", "inputs-found", "run-start", "document-end"]);
    expect(events[1]).toMatchObject({ event: "inputs-found", documents: 1 });
    expect(events[3]).toMatchObject({ level: "info", path: FIXTURE_PDFS.vertical, status: "done", pages: 7, ocrPages: 0, projects: 6 });
    expect(child.stdout).toMatch(/^documents {3}1 \(1 done, 0 failed\)/);
    const header = readFileSync(path.join(outDir, "indicators.csv"), "utf8").split("\r\n")[0]!;
    expect(header.replace(/^\uFEFF/, "").split(",").slice(0, 3)).toEqual(["记录编号", "指标序号", "地区"]);
    expect(header).toContain(",一级指标,二级指标,");
  });

  it("exits 2 with the reason when the inputs give no PDF, and when --out is held by another run", () => {
    const ingest = (args: string[]) =>
      spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot, "bin/ingest.ts"), ...args], {
        cwd: repoRoot,
        encoding: "utf8",
        env: { ...process.env, OPENAI_BASE_URL: "", OPENAI_API_KEY: "" },
      });
    const empty = mkdtempSync(path.join(tmpdir(), "ingest-empty-"));
    writeFileSync(path.join(empty, "readme.txt"), "no PDF here");
    const nothing = ingest([empty, "--out", mkdtempSync(path.join(tmpdir(), "ingest-cli-"))]);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toContain(`ingest: No PDF to ingest: ${empty} holds no PDF: skipped 1 other files (readme.txt)`);

    const outDir = mkdtempSync(path.join(tmpdir(), "ingest-cli-"));
    // This test process holds the lock: alive, on this host.
    writeFileSync(path.join(outDir, "run.lock"), JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: "2026-12-02T08:00:00.000Z" }));
    const locked = ingest([FIXTURE_PDFS.vertical, "--out", outDir]);
    expect(locked.status).toBe(2);
    expect(locked.stderr).toContain(`is in use by another run (pid ${process.pid} on ${os.hostname()}, started 2026-12-02T08:00:00.000Z)`);
  });
});
