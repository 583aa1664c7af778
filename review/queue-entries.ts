import path from "node:path";
import type { Flag } from "../schemas/flag.js";
import type { DecisionSummary, StoredFlagVerdict } from "./decision-store.js";
import type { ReviewRun } from "./load-run.js";
import type { QueueEntryView } from "./review-views.js";

/** `record code path`: one flag of one record, as verdicts are kept. */
export function flagKey(recordId: string, code: string, fieldPath: string): string {
  return `${recordId}\u0000${code}\u0000${fieldPath}`;
}

/**
 * Every record of the run as the queue lists it, with its decision in force and the verdicts on its flags:
 * queued records first, in the pipeline's order (errors first), then every other record of the run.
 */
export function queueEntries(
  run: ReviewRun,
  decisions: ReadonlyMap<string, DecisionSummary>,
  verdicts: ReadonlyMap<string, StoredFlagVerdict>,
  recordHashes: ReadonlyMap<string, string>,
): QueueEntryView[] {
  const queued = new Set(run.queue.map((entry) => entry.id));
  const ordered = [...run.queue.map((entry) => entry.id), ...[...run.records.keys()].filter((id) => !queued.has(id))];
  return ordered.map((id): QueueEntryView => {
    const record = run.records.get(id)!;
    const decision = decisions.get(id);
    return {
      id,
      project: record.project.name,
      document: { name: path.basename(record.document.path), sha256: record.document.sha256, title: record.document.title },
      region: record.document.region,
      year: record.document.year,
      pages: record.unit.pages,
      queued: queued.has(id),
      worstSeverity: worstSeverity(record.flags),
      flags: record.flags.map(({ code, severity, path: fieldPath }) => ({ code, severity, path: fieldPath, verdict: verdicts.get(flagKey(id, code, fieldPath))?.verdict ?? null })),
      status: decision?.action ?? "todo",
      decidedBy: decision?.reviewer ?? null,
      decidedAt: decision?.decidedAt ?? null,
      stale: decision !== undefined && decision.pipelineRecordSha256 !== recordHashes.get(id),
    };
  });
}

function worstSeverity(flags: readonly Flag[]): Flag["severity"] | null {
  if (flags.some((flag) => flag.severity === "error")) return "error";
  if (flags.some((flag) => flag.severity === "warning")) return "warning";
  return flags.length > 0 ? "info" : null;
}
