import { readdir, rm } from "node:fs/promises";
import path from "node:path";

/** `records.jsonl.12345.0a1b2c3d.tmp`: the temporary files `writeFileAtomic` and `AtomicFileWriter` name. */
const TEMPORARY_FILE = /\.\d+\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temporary files a killed run left in its run directory (and `documents/`). Only called with the
 * run lock held, so none of them belongs to a live run; only files named as ours are touched. Returns their paths.
 */
export async function removeOrphanTemporaries(outDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const directory of [outDir, path.join(outDir, "documents")]) {
    const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || !TEMPORARY_FILE.test(entry.name)) continue;
      const file = path.join(directory, entry.name);
      await rm(file, { force: true });
      removed.push(file);
    }
  }
  return removed;
}
