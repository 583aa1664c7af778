import type { Flag, Severity } from "../schemas/flag.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import type { CodeDescription } from "../schemas/flag-catalogue.js";
import type { DecisionAction, DecisionSummary, FlagVerdict, Promotion } from "./decision-store.js";
import type { RecordEdits } from "./record-fields.js";
import type { ReviewIssue } from "./review-errors.js";

/** What the JSON API sends the page. Types only: the server builds them, the page reads them. */

export interface SessionView {
  readonly reviewer: string;
  readonly run: { readonly name: string; readonly records: number; readonly queued: number; readonly documents: number };
  /** Pixels per PDF point of page images: the page turns evidence boxes (points) into image positions with it. */
  readonly renderScale: number;
  /** Titles and explanations of every flag and error code, in Chinese and English. */
  readonly catalogue: Readonly<Record<string, CodeDescription>>;
}

/** An analyst's verdict on one flag, as the page shows it. */
export interface FlagVerdictView {
  readonly verdict: FlagVerdict;
  readonly reviewer: string;
  readonly decidedAt: string;
  readonly note: string;
  /** Made together with other records' flags of this code. */
  readonly bulk: boolean;
  /** Made on a record a later pipeline run changed. */
  readonly stale: boolean;
}

/** Reviewed (any decision) and remaining records of a scope. */
export interface ReviewProgress {
  readonly total: number;
  readonly reviewed: number;
  readonly remaining: number;
}

export type QueueStatus = DecisionAction | "todo";

export interface QueueEntryView {
  readonly id: string;
  readonly project: string;
  readonly document: { readonly name: string; readonly sha256: string; readonly title: string | null };
  readonly region: string | null;
  readonly year: number | null;
  readonly pages: readonly number[];
  /** In the pipeline's review queue (`flagged.jsonl`): it has a warning or an error. */
  readonly queued: boolean;
  /** Worst severity of the pipeline's flags, or null for a record without flags. */
  readonly worstSeverity: Severity | null;
  readonly flags: ReadonlyArray<Pick<Flag, "code" | "severity" | "path"> & { readonly verdict: FlagVerdict | null }>;
  readonly status: QueueStatus;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  /** The decision was made on a record a later pipeline run changed. */
  readonly stale: boolean;
}

export interface QueueView {
  /** One page of the records that pass the filters: queued records first, in the pipeline's order (errors first), then every other record of the run. */
  readonly entries: readonly QueueEntryView[];
  /** How many records pass the filters, of which `entries` is the page from `offset`. */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  /** Flag codes of the records that pass the other filters, with how many records carry each. */
  readonly codes: ReadonlyArray<{ readonly code: string; readonly records: number }>;
  readonly regions: readonly string[];
  /** Of the review queue. */
  readonly progress: ReviewProgress;
  /** Of the records that pass the filters. */
  readonly filteredProgress: ReviewProgress;
  readonly counts: {
    readonly queued: number;
    readonly error: number;
    readonly warning: number;
    readonly todo: number;
    readonly accept: number;
    readonly correct: number;
    readonly reject: number;
  };
}

export interface DocumentProgressView extends ReviewProgress {
  readonly sha256: string;
  readonly name: string;
  readonly title: string | null;
  readonly region: string | null;
  readonly year: number | null;
}

export interface DocumentPageView {
  readonly documents: readonly DocumentProgressView[];
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
}

/** What a bulk action did: one decision, stored on each record it applied to. */
export interface BulkResultView {
  readonly bulkId: string;
  /** Records the action was stored on. */
  readonly applied: number;
  /** Records that matched but were left alone (already decided, for accept and reject). */
  readonly skipped: number;
}

export interface DecisionView extends DecisionSummary {
  readonly stale: boolean;
  /** Why stored corrections no longer apply to the pipeline's record (a re-run changed it), or null. */
  readonly editError: string | null;
}

export interface RecordView {
  readonly id: string;
  /** The record as it stands: stored corrections applied, flags re-validated. */
  readonly record: ProjectRecord;
  /** Editable text by field path, of `record` and of the pipeline's record. */
  readonly fields: Readonly<Record<string, string>>;
  readonly originalFields: Readonly<Record<string, string>>;
  /** The corrections in force (field path → text); empty unless the decision is a correction. */
  readonly edits: RecordEdits;
  /** Pipeline flags that no longer hold after the corrections. */
  readonly resolvedFlags: readonly Flag[];
  /** Verdicts on the pipeline's flags, keyed `code path` (a space between). */
  readonly flagVerdicts: Readonly<Record<string, FlagVerdictView>>;
  readonly queued: boolean;
  readonly decision: DecisionView | null;
  readonly history: readonly DecisionSummary[];
  readonly promotion: Promotion | null;
}

/** Live validation of unsaved corrections. */
export type CheckView =
  | {
      readonly ok: true;
      readonly record: ProjectRecord;
      readonly fields: Readonly<Record<string, string>>;
      readonly resolvedFlags: readonly Flag[];
      /** Fields that differ from the pipeline's record after normalization. */
      readonly editedPaths: readonly string[];
    }
  | { readonly ok: false; readonly issues: readonly ReviewIssue[] };

export interface PromotionView {
  /** Relative to the repository root. */
  readonly file: string;
  readonly created: boolean;
  readonly projects: number;
  readonly documentProjects: number;
  readonly copiedPdf: string | null;
}
