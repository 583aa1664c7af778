import type { Evidence } from "../../schemas/evidence.js";

/**
 * The fields whose OCR confidence is checked: what a reader computes with or looks up by — target values (with
 * their split comparator and unit cells), indicator names, amounts, the project code. Long texts (goals,
 * descriptions) carry their confidence in the evidence too, but one unsure character there changes no figure.
 */
const CHECKED_FIELD = /^(?:indicators\.\d+\.(?:value|valueComparator|valueUnit|level3)|money\.(?:total|fiscal|carryover|other|projectExpenditure|basicExpenditure)|project\.code)$/u;

/**
 * Target values keep the raw confidence: a character read at a blurred step of a value is where a comparator or
 * digit went missing or came extra (`200000元` for `≤200000元`, `6车辆两` for `6辆`), which the identity score
 * cannot see. On the scanned fixtures the identity score alone let 7 such wrong values lose their own flag.
 */
const TARGET_VALUE_FIELD = /^indicators\.\d+\.(?:value|valueComparator|valueUnit)$/u;

/** A checked field whose OCR reading is in doubt, and why. */
export interface DoubtfulReading {
  readonly path: string;
  readonly evidence: Evidence;
  /** The field's characters were read below the threshold (its `ocrIdentityConfidence`, else its `ocrConfidence`). */
  readonly lowConfidence: boolean;
  /** Signs the reading is incomplete though its characters are sure (a glyph the box has room for). */
  readonly doubts: readonly string[];
}

/**
 * The fields of a record's evidence read by OCR with a sign of a missing glyph (any field: a project name or
 * goals that lost a character are as wrong as a value), and the checked ones read with a character below
 * `minConfidence`.
 */
export function doubtfulReadings(evidence: Readonly<Record<string, Evidence>>, minConfidence: number): DoubtfulReading[] {
  const found: DoubtfulReading[] = [];
  for (const [path, entry] of Object.entries(evidence)) {
    if (entry.ocrConfidence === undefined) continue;
    // Names, amounts, codes: which characters were read, not when — a sure glyph at a blurred step is no misread
    // (identity-confidence.ts). Target values: the raw confidence, see TARGET_VALUE_FIELD.
    const score = TARGET_VALUE_FIELD.test(path) ? entry.ocrConfidence : (entry.ocrIdentityConfidence ?? entry.ocrConfidence);
    const lowConfidence = CHECKED_FIELD.test(path) && score < minConfidence;
    const doubts = entry.ocrDoubts ?? [];
    if (lowConfidence || doubts.length > 0) found.push({ path, evidence: entry, lowConfidence, doubts });
  }
  return found;
}
