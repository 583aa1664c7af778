import { createHash } from "node:crypto";
import type { ProjectRecord } from "../schemas/project-record.js";

/**
 * SHA-256 of a pipeline record, stored with each decision: a re-run that changes the record changes the hash,
 * which marks the decision stale. Records are hashed as parsed by their zod schema, whose key order is fixed,
 * so the same record read from records.jsonl or from documents/*.json hashes the same.
 */
export function recordHash(record: ProjectRecord): string {
  return createHash("sha256").update(JSON.stringify(record)).digest("hex");
}
