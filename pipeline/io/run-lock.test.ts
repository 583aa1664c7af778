import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RunLockedError } from "../errors.js";
import { LOCK_FILE, RunLock } from "./run-lock.js";

const runDirectory = () => mkdtempSync(path.join(tmpdir(), "lock-"));

/** The pid of a process that has exited: a killed run's. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid!;
}

describe("RunLock", () => {
  it("refuses a second holder with a message naming the first one's pid, host and start time", () => {
    const outDir = runDirectory();
    const first = RunLock.acquire(outDir, new Date("2026-12-02T08:00:00Z"));
    const error = (() => {
      try {
        RunLock.acquire(outDir);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(RunLockedError);
    expect(error).toMatchObject({ code: "run_locked", holder: { pid: process.pid, host: os.hostname(), startedAt: "2026-12-02T08:00:00.000Z" } });
    expect((error as Error).message).toContain(`pid ${process.pid} on ${os.hostname()}, started 2026-12-02T08:00:00.000Z`);
    first.release();
  });

  it("is free again once released, and the lock file is gone", () => {
    const outDir = runDirectory();
    RunLock.acquire(outDir).release();
    expect(existsSync(path.join(outDir, LOCK_FILE))).toBe(false);
    RunLock.acquire(outDir).release();
  });

  it("takes over a stale lock: a process on this host that no longer exists", () => {
    const outDir = runDirectory();
    writeFileSync(path.join(outDir, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: os.hostname(), startedAt: "2026-12-01T00:00:00.000Z" }));
    const lock = RunLock.acquire(outDir);
    expect(JSON.parse(readFileSync(path.join(outDir, LOCK_FILE), "utf8"))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it("takes over a lock file that a killed run left half written", () => {
    const outDir = runDirectory();
    writeFileSync(path.join(outDir, LOCK_FILE), '{"pid": 12');
    RunLock.acquire(outDir).release();
  });

  it("honours a lock from another host, which it cannot check", () => {
    const outDir = runDirectory();
    writeFileSync(path.join(outDir, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: "other-machine", startedAt: "2026-12-01T00:00:00.000Z" }));
    expect(() => RunLock.acquire(outDir)).toThrow(/pid \d+ on other-machine/);
  });

  it("does not remove a lock another run has taken since (release only removes its own)", () => {
    const outDir = runDirectory();
    const lock = RunLock.acquire(outDir);
    writeFileSync(path.join(outDir, LOCK_FILE), JSON.stringify({ pid: 1, host: "other-machine", startedAt: "x" }));
    lock.release();
    expect(existsSync(path.join(outDir, LOCK_FILE))).toBe(true);
  });
});
