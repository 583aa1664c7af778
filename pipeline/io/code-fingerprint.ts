import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SOURCE = /\.(ts|js|md|json)$/u;

/**
 * A hash of the code that reads documents: every source file of pipeline/, schemas/ and prompts/, and the
 * int8 OCR models' manifest in models/ (the TypeScript sources, or the compiled build when that is what runs).
 * Part of a run's fingerprint, so a run directory re-run after the reader changed redoes its documents instead
 * of serving what the old code read.
 * Computed once, on first use: a few hundred small files.
 */
export function codeFingerprint(): string {
  fingerprint ??= hashSources();
  return fingerprint;
}

let fingerprint: string | undefined;

function hashSources(): string {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
  const hash = createHash("sha256");
  for (const folder of ["pipeline", "schemas", "prompts", "models"]) {
    for (const file of listFiles(path.join(root, folder))) {
      if (/\.test\.(ts|js)$/u.test(file)) continue;
      hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
    }
  }
  return hash.digest("hex").slice(0, 16);
}

function listFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? listFiles(path.join(dir, entry.name)) : SOURCE.test(entry.name) ? [path.join(dir, entry.name)] : []));
}
