import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Flag } from "../schemas/flag.js";
import { SEVERITY_ORDER } from "../schemas/flag.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import { DocumentResultSchema, type DocumentResult, type RunSummary } from "../schemas/run-summary.js";
import { OutputWriteError } from "./errors.js";
import { writeFileAtomic } from "./io/write-file-atomic.js";

/** Where one document's result is kept between its completion and the end of the run. */
export function documentResultFile(outDir: string, documentPath: string, sha256: string | null): string {
  const key = sha256 ?? createHash("sha256").update(path.resolve(documentPath)).digest("hex");
  return path.join(outDir, "documents", `${key.slice(0, 24)}.json`);
}

/**
 * Write stage, per document: its complete result, atomically, as soon as it is known. A crash loses at most
 * the documents in flight, and the run's combined files are rebuilt from these.
 */
export async function writeDocumentResult(outDir: string, result: DocumentResult): Promise<string> {
  const file = documentResultFile(outDir, result.path, result.sha256);
  try {
    await writeFileAtomic(file, JSON.stringify(result));
  } catch (error) {
    throw new OutputWriteError(`Could not write ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error, document: result.path });
  }
  return file;
}

export async function readDocumentResult(file: string): Promise<DocumentResult | null> {
  try {
    return DocumentResultSchema.parse(JSON.parse(await readFile(file, "utf8")));
  } catch {
    return null;
  }
}

export interface RunOutputFiles {
  readonly records: string;
  readonly flagged: string;
  readonly summary: string;
}

/**
 * Write stage, per run: `records.jsonl` (one project per line, every done document), `flagged.jsonl` (the
 * review queue: records with a warning or an error, worst first) and `run.json`. Each file is replaced
 * atomically, so a reader never sees half of one.
 */
export async function writeRunOutputs(outDir: string, results: readonly DocumentResult[], summary: RunSummary): Promise<RunOutputFiles> {
  const files: RunOutputFiles = {
    records: path.join(outDir, "records.jsonl"),
    flagged: path.join(outDir, "flagged.jsonl"),
    summary: path.join(outDir, "run.json"),
  };
  const records = results.filter((result) => result.status === "done").flatMap((result) => result.records);
  try {
    await writeFileAtomic(files.records, records.map((record) => JSON.stringify(record) + "\n").join(""));
    await writeFileAtomic(files.flagged, reviewQueue(records).map((entry) => JSON.stringify(entry) + "\n").join(""));
    await writeFileAtomic(files.summary, JSON.stringify(summary, null, 2) + "\n");
  } catch (error) {
    throw new OutputWriteError(`Could not write the run outputs in ${outDir}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return files;
}

export interface ReviewQueueEntry {
  readonly id: string;
  readonly document: string;
  readonly project: string;
  readonly pages: readonly number[];
  readonly worstSeverity: Flag["severity"];
  readonly flags: readonly Flag[];
}

/** Records needing a person: at least one warning or error; errors first, then by document and position. */
export function reviewQueue(records: readonly ProjectRecord[]): ReviewQueueEntry[] {
  return records
    .filter((record) => record.flags.some((flag) => flag.severity !== "info"))
    .map((record) => ({
      id: record.id,
      document: record.document.path,
      project: record.project.name,
      pages: record.unit.pages,
      worstSeverity: worstSeverity(record.flags),
      flags: record.flags,
    }))
    .sort((a, b) => SEVERITY_ORDER[a.worstSeverity] - SEVERITY_ORDER[b.worstSeverity] || a.id.localeCompare(b.id));
}

function worstSeverity(flags: readonly Flag[]): Flag["severity"] {
  return flags.reduce<Flag["severity"]>((worst, flag) => (SEVERITY_ORDER[flag.severity] < SEVERITY_ORDER[worst] ? flag.severity : worst), "info");
}
