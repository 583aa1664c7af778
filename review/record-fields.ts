import { z } from "zod";
import type { ProjectRecord } from "../schemas/project-record.js";

/**
 * The fields an analyst may correct, by the same dotted paths `evidence` and `flags` use, so a flag, its
 * evidence and the form field it concerns share one name. Derived values (分, the parsed 指标值, the level-2
 * annotation) are not editable: they are recomputed from the text by the pipeline's own parsers.
 */
export const EDITABLE_PATH = new RegExp(
  "^(?:project\\.(?:name|code|attribute|period|department|implementingUnit)" +
    "|money\\.(?:unit|total|fiscal|other|use)" +
    "|goals" +
    "|spendingSchedule\\.\\d{1,3}" +
    "|indicators\\.\\d{1,4}\\.(?:level1|level2|level3|value|description|basis))$",
);

/** Longest text a field may be given; the longest cell in the sample is well under 2,000 characters. */
export const MAXIMUM_FIELD_LENGTH = 20_000;

/**
 * What a correction sends: field path → the text the analyst read on the page. An empty string clears a
 * nullable field. Only changed fields need to be sent; unchanged ones are ignored.
 */
export const RecordEditsSchema = z
  .record(
    z.string().regex(EDITABLE_PATH, "is not a field that can be corrected"),
    z.string().max(MAXIMUM_FIELD_LENGTH, `is longer than ${MAXIMUM_FIELD_LENGTH} characters`),
  )
  .refine((edits) => Object.keys(edits).length <= 2_000, "has more than 2000 fields");
export type RecordEdits = z.infer<typeof RecordEditsSchema>;

const PROJECT_KEYS = ["name", "code", "attribute", "period", "department", "implementingUnit"] as const;
const AMOUNT_KEYS = ["total", "fiscal", "other"] as const;
const INDICATOR_KEYS = ["level1", "level2", "level3", "value", "description", "basis"] as const;

/**
 * Every editable field of a record with its text as the form shows it, in form order (`null` becomes "").
 * The page builds its form from this map, so the server alone decides what a path means.
 */
export function editableFields(record: ProjectRecord): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const key of PROJECT_KEYS) fields[`project.${key}`] = record.project[key] ?? "";
  fields["money.unit"] = record.money.unit ?? "";
  for (const key of AMOUNT_KEYS) fields[`money.${key}`] = record.money[key]?.raw ?? "";
  fields["money.use"] = record.money.use ?? "";
  fields.goals = record.goals ?? "";
  record.spendingSchedule?.forEach((entry, index) => {
    fields[`spendingSchedule.${index}`] = entry.raw ?? "";
  });
  record.indicators.forEach((indicator, index) => {
    const texts: Record<(typeof INDICATOR_KEYS)[number], string> = {
      level1: indicator.level1,
      // The level-2 name as written, annotation included: the annotation is split off again from it.
      level2: indicator.level2Raw,
      level3: indicator.level3,
      value: indicator.value.raw,
      description: indicator.description ?? "",
      basis: indicator.basis ?? "",
    };
    for (const key of INDICATOR_KEYS) fields[`indicators.${index}.${key}`] = texts[key];
  });
  return fields;
}
