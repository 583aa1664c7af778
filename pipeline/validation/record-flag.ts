import type { Flag, Severity } from "../../schemas/flag.js";
import type { FlagCode } from "../../schemas/flag-codes.js";
import type { ProjectRecord } from "../../schemas/project-record.js";

/**
 * A flag on one field of a record, with the evidence the record builder found for that field.
 * `evidencePath` names a more precise field when the flag's path is a whole section: a schedule flag
 * points at `spendingSchedule` but its evidence is the cell of the entry that is wrong.
 */
export function recordFlag(
  record: ProjectRecord,
  code: FlagCode,
  severity: Severity,
  path: string,
  message: string,
  evidencePath: string = path,
): Flag {
  return { code, severity, path, message, evidence: record.evidence[evidencePath] ?? record.evidence[path] ?? null };
}
