import type { ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentResult } from "../../schemas/run-summary.js";

/**
 * Writes one output format into `outDir` from the run's records (those of done documents) and every
 * document's result, replacing each file atomically. Resolves to the files written, in a fixed order.
 * @throws OutputWriteError when a file cannot be written; the previous complete file is then still in place.
 */
export type OutputWriter = (outDir: string, records: readonly ProjectRecord[], documents: readonly DocumentResult[]) => Promise<string[]>;
