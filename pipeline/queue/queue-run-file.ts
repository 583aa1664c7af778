import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { writeFileAtomic } from "../io/write-file-atomic.js";
import type { RunOptions } from "./stage-queues.js";

/**
 * `queue-run.json` in the run directory: what a submission put on the queue, so a collector started later
 * (`ingest --collect`), or a second one, knows the documents and the run's options without the inputs.
 */
const QueueRunSchema = z.object({
  runId: z.string(),
  fingerprint: z.string(),
  submittedAt: z.string(),
  options: z.record(z.string(), z.unknown()),
  documents: z.array(
    z.object({
      path: z.string(),
      /** The state store's key: the content hash, or a path key when the file could not be read. */
      key: z.string(),
      sha256: z.string().nullable(),
      metadata: z.record(z.string(), z.string()),
      /**
       * `submitted`: a job is on the queue; `reused`: an earlier run's result stands; `settled`: finished at
       * submission (a file that could not be read, or the same bytes as an earlier input).
       */
      origin: z.enum(["submitted", "reused", "settled"]),
    }),
  ),
});
export type QueueRun = Omit<z.infer<typeof QueueRunSchema>, "options"> & { readonly options: RunOptions };
export type QueueRunDocument = QueueRun["documents"][number];

export function queueRunFile(outDir: string): string {
  return path.join(outDir, "queue-run.json");
}

export async function writeQueueRun(outDir: string, run: QueueRun): Promise<void> {
  await writeFileAtomic(queueRunFile(outDir), JSON.stringify(run, null, 2) + "\n");
}

export async function readQueueRun(outDir: string): Promise<QueueRun> {
  const file = queueRunFile(outDir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError(`${file} is missing: --collect gathers a run submitted with --queue into the same --out; submit it first`, error);
  }
  const parsed = QueueRunSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new ConfigError(`${file} is not a queue run file: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data as QueueRun;
}
