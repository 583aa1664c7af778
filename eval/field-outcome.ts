import type { FieldName } from "./score-counts.js";

/** One field of one matched pair, compared: what gold says, what the pipeline said, and where it read it. */
export interface FieldOutcome {
  readonly field: FieldName;
  readonly correct: boolean;
  /** Both sides as a person should see them in the report. */
  readonly gold: string;
  readonly got: string;
  /** The record's evidence key for this field (`indicators.3.value`), to show the source text. */
  readonly evidencePath: string;
}
