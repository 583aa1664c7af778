import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { FlagSchema, SeveritySchema } from "../schemas/flag.js";
import { ProjectRecordSchema, type ProjectRecord } from "../schemas/project-record.js";
import { RunDirectoryError } from "./review-errors.js";

/** One line of `flagged.jsonl`, as `reviewQueue` in pipeline/write-outputs.ts writes it. */
export const QueueEntrySchema = z.object({
  id: z.string(),
  document: z.string(),
  project: z.string(),
  pages: z.array(z.number().int().positive()),
  worstSeverity: SeveritySchema,
  flags: z.array(FlagSchema),
});
export type QueueEntry = z.infer<typeof QueueEntrySchema>;

/** A run directory as the review app sees it: read once at start-up, never written. */
export interface ReviewRun {
  readonly dir: string;
  /** Records by id, in `records.jsonl` order: the pipeline's output, never changed by a review. */
  readonly records: ReadonlyMap<string, ProjectRecord>;
  /** The review queue as the pipeline wrote it (errors first), restricted to records that exist. */
  readonly queue: readonly QueueEntry[];
  /** Record ids of each document (by SHA-256), in unit order: the document rules compare a record with these. */
  readonly documentRecordIds: ReadonlyMap<string, readonly string[]>;
}

/**
 * Reads `records.jsonl` and `flagged.jsonl` of a run and checks every line against its schema, so a page never
 * shows a record the rest of the app would choke on. A bad line fails the start with its file and line number.
 */
export async function loadRun(runDir: string): Promise<ReviewRun> {
  const records = new Map<string, ProjectRecord>();
  for (const record of await readJsonLines(path.join(runDir, "records.jsonl"), ProjectRecordSchema)) {
    // Two copies of one PDF give the same ids (hash + unit index); they were read from identical bytes.
    if (!records.has(record.id)) records.set(record.id, record);
  }
  const queue = (await readJsonLines(path.join(runDir, "flagged.jsonl"), QueueEntrySchema)).filter((entry) => records.has(entry.id));

  const documentRecordIds = new Map<string, string[]>();
  const ordered = [...records.values()].sort((a, b) => a.unit.index - b.unit.index);
  for (const record of ordered) {
    const ids = documentRecordIds.get(record.document.sha256) ?? [];
    ids.push(record.id);
    documentRecordIds.set(record.document.sha256, ids);
  }
  return { dir: runDir, records, queue, documentRecordIds };
}

async function readJsonLines<Schema extends z.ZodTypeAny>(file: string, schema: Schema): Promise<Array<z.infer<Schema>>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new RunDirectoryError(`Cannot read ${file}: ${describe(cause)}. Is ${path.dirname(file)} a complete run directory?`, { file, cause });
  }
  const values: Array<z.infer<Schema>> = [];
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (cause) {
      throw new RunDirectoryError(`${file} line ${index + 1} is not JSON: ${describe(cause)}`, { file, cause });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first && first.path.length > 0 ? first.path.join(".") : "(root)";
      throw new RunDirectoryError(
        `${file} line ${index + 1} does not match its schema at ${where}: ${first?.message ?? "invalid"}. Re-run the pipeline to rewrite it`,
        { file, cause: parsed.error },
      );
    }
    values.push(parsed.data);
  }
  return values;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
