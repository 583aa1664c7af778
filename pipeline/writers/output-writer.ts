import type { DocumentSource } from "./document-source.js";
import type { OutputOptions } from "./output-table.js";

/**
 * Writes one output format into `outDir` from every document's result (records included), reading the
 * documents one at a time so memory does not grow with the run; replaces each file atomically. Resolves
 * to the files written, in a fixed order. `options.headers` picks the header row's language where the
 * format has one.
 * @throws OutputWriteError when a file cannot be written; the previous complete file is then still in place.
 */
export type OutputWriter = (outDir: string, documents: DocumentSource, options?: OutputOptions) => Promise<string[]>;
