import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import type { ProjectRecord } from "../schemas/project-record.js";
import { PdfUnavailableError } from "./review-errors.js";

/**
 * The PDF behind a record, found only through the record (never through a path a client sent) and checked
 * against the SHA-256 the pipeline recorded: a file replaced since the run would put every evidence box on
 * the wrong text, and a hash that matches means this is exactly the document that was read. A checked file
 * is remembered by path, size and modification time, so it is hashed once, not on every page view.
 */
export class DocumentFiles {
  private readonly verified = new Map<string, string>();
  private readonly baseDir: string;

  /** @param baseDir what a relative `document.path` is relative to: where `ingest` was run. */
  constructor(baseDir: string) {
    this.baseDir = baseDir;
  }

  /**
   * Absolute path of the record's PDF, verified.
   * @throws PdfUnavailableError when the file is missing, not a regular file, or not the document of the run.
   */
  async fileOf(record: ProjectRecord): Promise<string> {
    const file = path.resolve(this.baseDir, record.document.path);
    const name = path.basename(file);
    let stats;
    try {
      stats = await stat(file);
    } catch (cause) {
      throw new PdfUnavailableError(`${name} is no longer at ${file}: restore it there to see its pages`, cause);
    }
    if (!stats.isFile()) throw new PdfUnavailableError(`${file} is not a regular file`);
    const identity = `${file}\u0000${stats.size}\u0000${stats.mtimeMs}`;
    if (this.verified.get(identity) === record.document.sha256) return file;

    const sha256 = await hashFile(file);
    if (sha256 !== record.document.sha256) {
      throw new PdfUnavailableError(
        `${name} has changed since the run (SHA-256 ${sha256.slice(0, 12)}…, the run read ${record.document.sha256.slice(0, 12)}…): its pages would not match the evidence. Re-run the pipeline on it`,
      );
    }
    this.verified.set(identity, sha256);
    return file;
  }
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(file)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", (cause) => reject(new PdfUnavailableError(`Cannot read ${path.basename(file)}: ${cause.message}`, cause)))
      .on("end", () => resolve(hash.digest("hex")));
  });
}
