import { access, readdir } from "node:fs/promises";
import path from "node:path";

const DATED = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The report.json of the latest dated run before `today` in a nightly folder (`2026-05-01/report.json`),
 * or null when there is none yet. ISO dates sort as strings; today's own folder is skipped so that a
 * re-run on the same day still compares with the day before.
 */
export async function findPreviousReport(nightlyDir: string, today: string): Promise<string | null> {
  const entries = await readdir(nightlyDir, { withFileTypes: true }).catch(() => []);
  const earlier = entries
    .filter((entry) => entry.isDirectory() && DATED.test(entry.name) && entry.name < today)
    .map((entry) => entry.name)
    .sort()
    .reverse();
  for (const name of earlier) {
    const file = path.join(nightlyDir, name, "report.json");
    if (await access(file).then(() => true, () => false)) return file;
  }
  return null;
}
