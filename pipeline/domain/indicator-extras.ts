import type { ExtractedIndicator } from "../../schemas/extracted-project.js";
import type { IndicatorRecord } from "../../schemas/project-record.js";
import { compact } from "./cell-text.js";

type Extras = Pick<IndicatorRecord, "valueParts" | "weight" | "direction" | "directionRaw" | "nature" | "otherColumns">;

/**
 * The target as one text: the 指标值 cell alone, or — where the table splits it over a comparator column
 * (`≥`, often headed 指标性质) and a 度量单位 column — the three parts joined (`≥` + `95` + `%`). A unit the
 * value cell already ends with is not added twice (`95%` under a `%` column).
 */
export function targetText(indicator: Pick<ExtractedIndicator, "value" | "valueComparator" | "valueUnit">): string {
  const value = indicator.value.trim();
  const comparator = comparatorText(indicator.valueComparator);
  const unit = indicator.valueUnit?.trim() ?? "";
  if (value === "") return value;
  const withUnit = unit !== "" && !compact(value).endsWith(compact(unit)) ? `${value}${unit}` : value;
  return comparator !== "" && !/^[≥≤<>=＝≧≦]/u.test(value) ? `${comparator}${withUnit}` : withUnit;
}

// A comparator column may say the relation in words (大于等于) or symbols; 定量/定性 are a nature, not a comparator.
const COMPARATOR_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(≥|>=|大于等于|不低于|不少于|不小于)$/u, "≥"],
  [/^(≤|<=|小于等于|不高于|不多于|不大于|不超过)$/u, "≤"],
  [/^(>|大于|高于|多于)$/u, ">"],
  [/^(<|小于|低于|少于)$/u, "<"],
  [/^(=|＝|等于)$/u, "="],
];

function comparatorText(written: string | null): string {
  const text = compact(written ?? "");
  return COMPARATOR_WORDS.find(([pattern]) => pattern.test(text))?.[1] ?? "";
}

/** True when a comparator cell says a relation we can join into the target. */
export function isComparatorText(written: string): boolean {
  return comparatorText(written) !== "";
}

/** The record's reading of the columns beside the value: weight, direction, nature, the split value, the rest. */
export function indicatorExtras(indicator: ExtractedIndicator): Extras {
  const split = indicator.valueComparator !== null || indicator.valueUnit !== null;
  return {
    valueParts: split ? { comparator: indicator.valueComparator, value: indicator.value, unit: indicator.valueUnit } : null,
    weight: indicator.weight === null ? null : { raw: indicator.weight, number: plainDecimal(indicator.weight) },
    direction: directionOf(indicator.direction),
    directionRaw: indicator.direction,
    nature: natureOf(indicator.nature),
    otherColumns: Object.fromEntries(indicator.otherColumns.map((column) => [column.name, column.text])),
  };
}

/** `10`, `10.0`, `10分` → an exact decimal string; anything else null. */
export function plainDecimal(text: string): string | null {
  const match = /^(\d+)(?:\.(\d+))?(?:分)?$/u.exec(compact(text));
  if (!match) return null;
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  return `${String(BigInt(match[1]!))}${fraction ? `.${fraction}` : ""}`;
}

function directionOf(written: string | null): IndicatorRecord["direction"] {
  const text = compact(written ?? "");
  if (/^(正向|正)(指标)?$|越大越好|越高越好/u.test(text)) return "正向";
  if (/^(反向|逆向|负向|反|逆)(指标)?$|越小越好|越低越好/u.test(text)) return "反向";
  return null;
}

function natureOf(written: string | null): IndicatorRecord["nature"] {
  const text = compact(written ?? "");
  if (/^定量(指标)?$/u.test(text)) return "定量";
  if (/^定性(指标)?$/u.test(text)) return "定性";
  return null;
}

/** The record fields of an indicator from a table with none of the columns beside the value. */
export const NO_RECORD_INDICATOR_EXTRAS: Extras = Object.freeze({
  valueParts: null,
  weight: null,
  direction: null,
  directionRaw: null,
  nature: null,
  otherColumns: {},
});
