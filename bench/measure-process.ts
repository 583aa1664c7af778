import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { packageRoot } from "../pipeline/io/package-root.js";

/** What one whole process cost, as `bench/report-usage.js` saw it at exit. */
export interface ProcessUsage {
  readonly cpuSeconds: number;
  /** Part of `cpuSeconds` spent in child processes (tesseract). */
  readonly childCpuSeconds: number;
  readonly wallSeconds: number;
  readonly peakRssMiB: number;
}

const ROOT = packageRoot(import.meta.url);
const REPORTER = path.join(ROOT, "bench/report-usage.js");
const FROM_SOURCES = import.meta.url.endsWith(".ts");

/**
 * The node arguments that start `entry` (a path from the repository root, `bench/ocr-case.ts`) the way
 * this process runs: the compiled .js of build/ directly, or the .ts source through tsx.
 */
export function entryArguments(entry: string): string[] {
  return FROM_SOURCES ? ["--import", "tsx", path.join(ROOT, entry)] : [path.join(ROOT, "build", entry.replace(/\.ts$/, ".js"))];
}

/**
 * Runs `entry` with `args` in a fresh node process and returns its standard output and what the whole
 * process cost. Each case in its own process, so one case's heap and models never count against another.
 */
export function measureProcess(entry: string, args: readonly string[], options: { readonly env?: NodeJS.ProcessEnv } = {}): { usage: ProcessUsage; stdout: string } {
  const directory = mkdtempSync(path.join(tmpdir(), "bench-usage-"));
  const usageFile = path.join(directory, "usage.json");
  try {
    const child = spawnSync(process.execPath, ["--import", REPORTER, ...entryArguments(entry), ...args], {
      env: { ...process.env, ...options.env, BENCH_USAGE_FILE: usageFile },
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (child.status !== 0) throw new Error(`${entry} ${args.join(" ")} exited with ${child.status ?? child.signal}`);
    return { usage: JSON.parse(readFileSync(usageFile, "utf8")) as ProcessUsage, stdout: child.stdout };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
