import type { ExtractedProject } from "../../../schemas/extracted-project.js";
import type { GoldDocument } from "../../../schemas/gold.js";

/** One field where an extraction and the gold label differ, named by its path (`3.indicators.2.value`). */
export interface GoldMismatch {
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

const PROJECT_FIELDS = [
  "projectName", "projectCode", "projectAttribute", "projectPeriod", "department", "implementingUnit", "moneyUnit",
  "totalAmount", "fiscalAmount", "otherAmount", "fundUse", "goals",
] as const;
const INDICATOR_FIELDS = ["level1", "level2", "level3", "value", "description", "basis"] as const;

/**
 * Test support: every field where `projects` differ from the gold document, compared as the scorer does,
 * with whitespace removed (the PDF's line breaks and the labeler's spacing must not count).
 */
export function compareWithGold(projects: readonly ExtractedProject[], gold: GoldDocument): GoldMismatch[] {
  const mismatches: GoldMismatch[] = [];
  const check = (path: string, expected: unknown, actual: unknown) => {
    if (comparable(expected) !== comparable(actual)) mismatches.push({ path, expected, actual });
  };
  check("projects.length", gold.projects.length, projects.length);
  gold.projects.forEach((expected, index) => {
    const actual = projects[index];
    if (!actual) return;
    for (const field of PROJECT_FIELDS) check(`${index}.${field}`, expected[field], actual[field]);
    check(`${index}.spendingSchedule`, expected.spendingSchedule, actual.spendingSchedule);
    check(`${index}.indicators.length`, expected.indicators.length, actual.indicators.length);
    expected.indicators.forEach((indicator, indicatorIndex) => {
      const extracted = actual.indicators[indicatorIndex];
      if (!extracted) return;
      for (const field of INDICATOR_FIELDS) check(`${index}.indicators.${indicatorIndex}.${field}`, indicator[field], extracted[field]);
    });
  });
  return mismatches;
}

function comparable(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, inner: unknown) => (typeof inner === "string" ? inner.replace(/\s+/g, "") : inner));
}
