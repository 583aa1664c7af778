import type { ProjectRecord } from "../schemas/project-record.js";
import { applyEdits } from "./apply-edits.js";
import type { StoredDecision } from "./decision-store.js";

/** A record in its current version, with the decision that made it so. */
export interface CurrentRecord {
  /** The pipeline's record. */
  readonly original: ProjectRecord;
  /** The record with the decision's corrections applied; flags as the pipeline set them until re-validated. */
  readonly record: ProjectRecord;
  readonly editedPaths: readonly string[];
  readonly decision: StoredDecision | null;
  /** Why stored corrections no longer apply (a re-run changed the record under them), or null. */
  readonly editError: string | null;
}

/**
 * The decision in force applied to the pipeline's record. Corrections are stored as edits and re-applied
 * rather than stored records reused, so derived values always come from today's parsers; corrections that no
 * longer apply (an indicator a re-run no longer finds) leave the record as the pipeline wrote it and say why.
 */
export function applyDecision(original: ProjectRecord, decision: StoredDecision | null): CurrentRecord {
  if (decision?.action !== "correct") return { original, record: original, editedPaths: [], decision, editError: null };
  const applied = applyEdits(original, decision.edits);
  if (applied.ok) return { original, record: applied.record, editedPaths: applied.editedPaths, decision, editError: null };
  const why = applied.issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
  return { original, record: original, editedPaths: [], decision, editError: `The stored corrections no longer apply (${why})` };
}
