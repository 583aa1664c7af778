import type { Flag } from "../../schemas/flag.js";
import type { FlagCode } from "../../schemas/flag-codes.js";
import type { ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentContext, ProjectUnit } from "../../schemas/project-unit.js";

/** Everything a rule may look at: one document, its project units and the records built from them. */
export interface ValidationScope {
  readonly context: DocumentContext;
  readonly units: readonly ProjectUnit[];
  readonly records: readonly ProjectRecord[];
  /** `PipelineConfig.ocr.minConfidence`: a value OCR read below it is flagged. @default 0.9 */
  readonly ocrMinConfidence?: number;
}

/** A rule that judges one project at a time; the scope is there for rules that compare with the document. */
export interface RecordRule {
  readonly scope: "record";
  readonly check: (record: ProjectRecord, document: ValidationScope) => Flag[];
}

/**
 * A rule about the document as a whole (department total, duplicate names). Each finding is reported once
 * for the document and copied onto every record it concerns, so the review queue shows it per project.
 */
export interface DocumentRule {
  readonly scope: "document";
  readonly check: (document: ValidationScope) => DocumentFinding[];
}

export interface DocumentFinding {
  readonly flag: Flag;
  /** Positions in `ValidationScope.records` of the records concerned; empty when only the document is. */
  readonly records: readonly number[];
}

export type Rule = RecordRule | DocumentRule;

/** A group file's rules, keyed by the codes it raises; the registry spreads the groups together. */
export type RuleGroup<Code extends FlagCode> = { readonly [Key in Code]: Rule };
