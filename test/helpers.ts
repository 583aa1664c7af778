import { appendFileSync, copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resolveConfig, type CliOptions, type PipelineConfig } from "../pipeline/config.js";
import type { StageContext } from "../pipeline/context.js";
import { silentLogger } from "../pipeline/logger.js";
import { packageRoot } from "../pipeline/io/package-root.js";

export const repoRoot = packageRoot(import.meta.url);

export const FIXTURE_PDFS = {
  grid: path.join(repoRoot, "fixtures/pdf/seed-000-grid.pdf"),
  rowList: path.join(repoRoot, "fixtures/pdf/seed-002-row-list.pdf"),
  vertical: path.join(repoRoot, "fixtures/pdf/seed-003-vertical.pdf"),
} as const;

export function fixturePath(...parts: string[]): string {
  return path.join(repoRoot, "fixtures", ...parts);
}

export function readFixtureBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(file));
}

/** A stage context with a config resolved from the given options and an empty environment. */
export function testContext(options: CliOptions = {}, env: Record<string, string> = {}): StageContext & { config: PipelineConfig } {
  return { config: resolveConfig(options, env, false), logger: silentLogger, signal: new AbortController().signal };
}

/** N distinct documents: the vertical fixture with a different trailing comment each (new bytes, same content). */
export function makeBatch(count: number): string {
  const directory = mkdtempSync(path.join(tmpdir(), "batch-"));
  for (let index = 0; index < count; index++) {
    const file = path.join(directory, `county-${String(index).padStart(4, "0")}.pdf`);
    copyFileSync(FIXTURE_PDFS.vertical, file);
    appendFileSync(file, `\n% copy ${index}\n`);
  }
  return directory;
}
