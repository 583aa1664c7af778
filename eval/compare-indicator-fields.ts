import { targetText } from "../pipeline/domain/indicator-extras.js";
import { splitLevel2 } from "../pipeline/domain/taxonomy.js";
import type { GoldIndicator } from "../schemas/gold.js";
import type { ParsedValue } from "../schemas/parsed-value.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import { stableStringify } from "../schemas/to-json-schema.js";
import type { FieldOutcome } from "./field-outcome.js";
import { level1Key } from "./level1-key.js";
import { textEqual } from "./text-equal.js";

/**
 * Every field of a matched indicator, gold against the record's indicator at `gotIndex`. Level names are
 * compared without numbering and annotations (the record keeps the annotation apart); level 3 both exactly
 * and with whitespace removed; the parsed value on every field but `raw` (which `valueRaw` covers); the
 * evidence page is the page the record says it read the level-3 name on.
 */
export function compareIndicatorFields(gold: GoldIndicator, record: ProjectRecord, gotIndex: number): FieldOutcome[] {
  const got = record.indicators[gotIndex];
  if (!got) throw new RangeError(`compareIndicatorFields: record ${record.id} has no indicator ${gotIndex}`);
  const at = (field: string) => `indicators.${gotIndex}.${field}`;
  const goldLevel2 = splitLevel2(gold.level2).name;
  const page = record.evidence[at("level3")]?.page ?? null;
  return [
    { field: "level1", correct: level1Key(gold.level1) === level1Key(got.level1), gold: gold.level1, got: got.level1, evidencePath: at("level1") },
    { field: "level2", correct: goldLevel2 === splitLevel2(got.level2).name, gold: gold.level2, got: got.level2Raw, evidencePath: at("level2") },
    { field: "level3Exact", correct: gold.level3 === got.level3, gold: gold.level3, got: got.level3, evidencePath: at("level3") },
    { field: "level3", correct: textEqual(gold.level3, got.level3), gold: gold.level3, got: got.level3, evidencePath: at("level3") },
    // A target split over comparator, number and unit columns is compared as the record joins it.
    { field: "valueRaw", correct: textEqual(targetText(gold), got.value.raw), gold: targetText(gold), got: got.value.raw, evidencePath: at("value") },
    {
      field: "valueParsed",
      correct: parsedKey(gold.parsed) === parsedKey(got.value),
      gold: parsedKey(gold.parsed),
      got: parsedKey(got.value),
      evidencePath: at("value"),
    },
    { field: "description", correct: textEqual(gold.description, got.description), gold: shown(gold.description), got: shown(got.description), evidencePath: at("description") },
    { field: "basis", correct: textEqual(gold.basis, got.basis), gold: shown(gold.basis), got: shown(got.basis), evidencePath: at("basis") },
    { field: "weight", correct: textEqual(gold.weight, got.weight?.raw ?? null), gold: shown(gold.weight), got: shown(got.weight?.raw ?? null), evidencePath: at("weight") },
    {
      field: "evidencePage",
      correct: page === gold.page,
      gold: `page ${gold.page}`,
      got: page === null ? "(no evidence)" : `page ${page}`,
      evidencePath: at("level3"),
    },
  ];
}

/** The parsed value without `raw` and without its null fields, as stable JSON: what is compared and shown. */
function parsedKey(parsed: ParsedValue): string {
  const { raw: _raw, ...rest } = parsed;
  return stableStringify(Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== null && value !== false)));
}

function shown(value: string | null): string {
  return value === null ? "(none)" : value;
}
