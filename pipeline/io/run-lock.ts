import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { RunLockedError } from "../errors.js";

/** Who holds a run directory: written into `run.lock` by the run that took it. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

export const LOCK_FILE = "run.lock";

/**
 * A run directory belongs to one run at a time: two runs on one `--out` would redo and overwrite each
 * other's documents. The lock is a file created exclusively (`wx`); a lock whose process is gone (same host,
 * no such pid) is stale and taken over, so a killed run does not block the next one. A lock from another host
 * cannot be checked from here and is honoured.
 */
export class RunLock {
  private released = false;

  private constructor(
    private readonly file: string,
    readonly holder: LockHolder,
  ) {}

  static acquire(outDir: string, now: Date = new Date()): RunLock {
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, LOCK_FILE);
    const holder: LockHolder = { pid: process.pid, host: os.hostname(), startedAt: now.toISOString() };
    // Twice at most: once, and once more after removing a stale lock.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(file, JSON.stringify(holder) + "\n", { flag: "wx" });
        return new RunLock(file, holder);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const existing = readHolder(file);
      if (existing && !isStale(existing)) throw new RunLockedError(outDir, existing, file);
      // Unreadable (a run killed while writing it) or its process is gone.
      rmSync(file, { force: true });
    }
    throw new RunLockedError(outDir, readHolder(file) ?? { pid: 0, host: "unknown", startedAt: "unknown" }, file);
  }

  /** Removes the lock if it is still this run's. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const current = readHolder(this.file);
    if (current && current.pid === this.holder.pid && current.host === this.holder.host && current.startedAt === this.holder.startedAt) {
      rmSync(this.file, { force: true });
    }
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as Partial<LockHolder>;
    if (typeof value.pid !== "number" || typeof value.host !== "string" || typeof value.startedAt !== "string") return null;
    return { pid: value.pid, host: value.host, startedAt: value.startedAt };
  } catch {
    return null;
  }
}

/** A lock is stale when it was taken on this host by a process that no longer exists. */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== os.hostname()) return false;
  if (holder.pid === process.pid) return false;
  try {
    // Signal 0 checks existence without touching the process.
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}
