import type { Flag } from "../../schemas/flag.js";
import type { ProjectRecord } from "../../schemas/project-record.js";
import { DEFAULT_REQUIRED_LEVEL2, isCostIndicator } from "../domain/taxonomy.js";
import { recordFlag } from "./record-flag.js";
import type { RuleGroup, ValidationScope } from "./rule.js";
import { canonicalLevel2, effectiveLevel2 } from "./taxonomy-names.js";

/** Whether a project's own indicators carry 必填 annotations, i.e. its template says what is required. */
function marksRequired(record: ProjectRecord): boolean {
  return record.indicators.some((indicator) => indicator.required === true);
}

/**
 * The level 2s the document's template marks 必填, collected over all its projects: a project that lacks a
 * category never shows that category's annotation, so only its siblings can tell us it was required.
 */
function documentRequired(document: ValidationScope): string[] {
  const names = document.records.flatMap((record) =>
    record.indicators.flatMap((indicator) => (indicator.required === true ? (canonicalLevel2(indicator.level2) ?? []) : [])),
  );
  return [...new Set(names)];
}

/**
 * Where a template marks nothing, the document itself shows what its template asks for: the default
 * categories that nearly every one of the project's sibling projects reports. A category most projects leave
 * out (seed 003's 2021 Hebei template has 成本指标 in one table of six) was evidently optional there, and
 * flagging it on every project would bury the real gaps. The project itself is not counted (its own gap would
 * keep a three-project document from ever showing one), and it needs at least two siblings to say anything.
 */
function prevalentDefaults(record: ProjectRecord, document: ValidationScope): string[] {
  const siblings = document.records.filter((other) => other !== record);
  if (siblings.length < MIN_SIBLINGS_FOR_PREVALENCE) return [];
  const present = siblings.map(presentCategories);
  return DEFAULT_REQUIRED_LEVEL2.filter(
    (category) => present.filter((categories) => categories.has(category)).length >= Math.ceil(siblings.length * PREVALENCE),
  );
}

/** Share of a project's siblings that must report a category before its absence there is a gap (all of up to nine). */
const PREVALENCE = 0.9;
const MIN_SIBLINGS_FOR_PREVALENCE = 2;

/** Categories the project has an indicator in; any cost indicator (level 2 or newer level 1 成本指标) counts as 成本指标. */
function presentCategories(record: ProjectRecord): Set<string> {
  const present = new Set<string>();
  for (const indicator of record.indicators) {
    const level2 = effectiveLevel2(indicator);
    if (level2) present.add(level2);
    if (isCostIndicator(indicator.level1, indicator.level2)) present.add("成本指标");
  }
  return present;
}

/**
 * A required category without any indicator. Where the template marks categories 必填, the required set is
 * what this document marks, and a gap is an error. Where it marks nothing, the 财政部 default categories that
 * at least three quarters of the document's projects report are taken as its template's, and a gap is a
 * warning (an inference, not the template's word).
 */
export const REQUIRED_CATEGORY_RULES: RuleGroup<"required_category_missing"> = {
  required_category_missing: {
    scope: "record",
    check: (record, document): Flag[] => {
      const marked = marksRequired(record);
      const required = marked ? documentRequired(document) : prevalentDefaults(record, document);
      const present = presentCategories(record);
      return required
        .filter((category) => !present.has(category))
        .map((category) =>
          recordFlag(
            record,
            "required_category_missing",
            marked ? "error" : "warning",
            "indicators",
            marked
              ? `No indicator of the category "${category}", which this document's template marks 必填 (required).`
              : `No indicator of the category "${category}", which the 财政部 template requires and most projects of this document report (the document does not mark required categories).`,
          ),
        );
    },
  },
};
