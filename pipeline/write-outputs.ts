import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Flag } from "../schemas/flag.js";
import { SEVERITY_ORDER } from "../schemas/flag.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import { DocumentResultSchema, type DocumentResult, type RunSummary } from "../schemas/run-summary.js";
import { OutputWriteError } from "./errors.js";
import { writeFileAtomic } from "./io/write-file-atomic.js";
import { AtomicFileWriter } from "./writers/atomic-file-writer.js";
import { compareText } from "./writers/compare-text.js";
import { manifestKeysOf, type DocumentSource } from "./writers/document-source.js";

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

/**
 * `readDocumentResult` for a reader that reads the same files again and again (every output pass reads every
 * result): a file whose bytes are the ones it validated before (same SHA-256) is only parsed, not validated
 * again — the schema has no defaults or transforms, so validating changes nothing but its cost (with ten
 * passes, validation was a fifth of the main thread's work). Changed bytes are validated as new. The texts
 * themselves are kept, up to `RESULT_TEXT_BUDGET` characters in all, while their file's size and mtime stay
 * the same, so a small batch's passes re-parse without re-reading and re-hashing every file (a large batch
 * keeps its first files' texts and reads the rest each pass). Each pass gets its own parsed objects.
 */
function validatingOnce(): (file: string) => Promise<DocumentResult | null> {
  const validated = new Map<string, string>();
  const texts = new Map<string, { readonly text: string; readonly size: number; readonly mtimeMs: number }>();
  let keptCharacters = 0;
  return async (file) => {
    try {
      const { size, mtimeMs } = await stat(file);
      const kept = texts.get(file);
      if (kept && kept.size === size && kept.mtimeMs === mtimeMs) return JSON.parse(kept.text) as DocumentResult;
      const text = await readFile(file, "utf8");
      const hash = createHash("sha256").update(text).digest("hex");
      const result = validated.get(file) === hash ? (JSON.parse(text) as DocumentResult) : DocumentResultSchema.parse(JSON.parse(text));
      validated.set(file, hash);
      if (kept) keptCharacters -= kept.text.length;
      if (keptCharacters + text.length <= RESULT_TEXT_BUDGET) {
        texts.set(file, { text, size, mtimeMs });
        keptCharacters += text.length;
      } else texts.delete(file);
      return result;
    } catch {
      return null;
    }
  };
}

/** Result texts kept between output passes: 32 M characters (up to 64 MiB), a few thousand documents' results. */
const RESULT_TEXT_BUDGET = 32 * 1024 * 1024;

/**
 * The run's documents read back from their result files (`resultFiles`: input path → file), one file at a
 * time on every pass, in input path order. A file renamed since the run that extracted it is reported,
 * with its records, under its new name; the same bytes under a second name are listed with no records or
 * document flags and `duplicateOf` the first name, so their projects are written once. `manifestRows` are
 * the manifest rows of the run's inputs, whose columns every table carries.
 */
export function resultFileSource(resultFiles: ReadonlyMap<string, string>, manifestRows: Iterable<Readonly<Record<string, string>>> = []): DocumentSource {
  const entries = [...resultFiles.entries()].sort(([a], [b]) => compareText(a, b));
  const read = validatingOnce();
  return {
    count: entries.length,
    manifestKeys: manifestKeysOf(manifestRows),
    async *each() {
      const firstPathOfFile = new Map<string, string>();
      for (const [inputPath, file] of entries) {
        const result = await read(file);
        // Every pass must see the same documents, or run.json and the tables would disagree.
        if (!result) throw new OutputWriteError(`${file}, the result of ${inputPath}, is missing or not a document result: run again to redo the document`, { document: inputPath });
        const firstPath = firstPathOfFile.get(file);
        if (firstPath !== undefined) {
          const duplicate = underPath(result, inputPath);
          const error = duplicate.error && withMessage(duplicate.error, (message) => `${inputPath} has the same bytes as ${firstPath}: ${message}`);
          yield { ...duplicate, error, records: [], documentFlags: [], duplicateOf: firstPath };
          continue;
        }
        firstPathOfFile.set(file, inputPath);
        yield underPath(result, inputPath);
      }
    },
  };
}

/**
 * A result as the document under `inputPath`: the name it was extracted under (a renamed file, or the other
 * of two copies that were in flight at once) is replaced in its records and in its error messages, which
 * would otherwise name a file the user did not ask about.
 */
function underPath(result: DocumentResult, inputPath: string): DocumentResult {
  if (result.path === inputPath) return result;
  const rename = (message: string) => message.split(result.path).join(inputPath);
  return {
    ...result,
    path: inputPath,
    records: result.records.map((record) => ({ ...record, document: { ...record.document, path: inputPath } })),
    error: result.error && withMessage(result.error, rename, inputPath),
    unitErrors: result.unitErrors.map((error) => withMessage(error, rename, inputPath)),
  };
}

/** A serialized error (typed `unknown` by its schema) with its message rewritten and, if given, its document. */
function withMessage(error: unknown, rewrite: (message: string) => string, document?: string): unknown {
  if (typeof error !== "object" || error === null) return error;
  const fields = error as { message?: unknown; document?: unknown };
  return {
    ...error,
    ...(typeof fields.message === "string" ? { message: rewrite(fields.message) } : {}),
    ...(document !== undefined && typeof fields.document === "string" ? { document } : {}),
  };
}

export interface RunOutputFiles {
  readonly records: string;
  readonly flagged: string;
  readonly summary: string;
}

/**
 * Write stage, per run: `records.jsonl` (one project per line, every done document), `flagged.jsonl` (the
 * review queue: records with a warning or an error, worst first) and `run.json`. Each file is replaced
 * atomically, so a reader never sees half of one. Records are written as the documents are read, one
 * document at a time; only the review queue's entries are kept, to be sorted.
 */
export async function writeRunOutputs(outDir: string, documents: DocumentSource, summary: RunSummary): Promise<RunOutputFiles> {
  const files: RunOutputFiles = {
    records: path.join(outDir, "records.jsonl"),
    flagged: path.join(outDir, "flagged.jsonl"),
    summary: path.join(outDir, "run.json"),
  };
  let records: AtomicFileWriter | null = null;
  try {
    records = await AtomicFileWriter.open(files.records);
    const queue: ReviewQueueEntry[] = [];
    for await (const document of documents.each()) {
      if (document.status !== "done") continue;
      for (const record of document.records) {
        await records.write(JSON.stringify(record) + "\n");
        const entry = reviewQueueEntry(record);
        if (entry) queue.push(entry);
      }
    }
    await records.commit();
    await writeFileAtomic(files.flagged, queue.sort(compareReviewQueueEntries).map((entry) => JSON.stringify(entry) + "\n").join(""));
    await writeFileAtomic(files.summary, JSON.stringify(summary, null, 2) + "\n");
  } catch (error) {
    await records?.discard();
    if (error instanceof OutputWriteError) throw error;
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
  return records.flatMap((record) => reviewQueueEntry(record) ?? []).sort(compareReviewQueueEntries);
}

/** The record's entry in the review queue, or null when it has no warning or error. */
function reviewQueueEntry(record: ProjectRecord): ReviewQueueEntry | null {
  if (!record.flags.some((flag) => flag.severity !== "info")) return null;
  return {
    id: record.id,
    document: record.document.path,
    project: record.project.name,
    pages: record.unit.pages,
    worstSeverity: worstSeverity(record.flags),
    flags: record.flags,
  };
}

function compareReviewQueueEntries(a: ReviewQueueEntry, b: ReviewQueueEntry): number {
  return SEVERITY_ORDER[a.worstSeverity] - SEVERITY_ORDER[b.worstSeverity] || a.id.localeCompare(b.id);
}

function worstSeverity(flags: readonly Flag[]): Flag["severity"] {
  return flags.reduce<Flag["severity"]>((worst, flag) => (SEVERITY_ORDER[flag.severity] < SEVERITY_ORDER[worst] ? flag.severity : worst), "info");
}
