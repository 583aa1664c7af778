import { compact } from "../domain/cell-text.js";
import { TAXONOMY } from "../domain/taxonomy.js";
import { eachIndicator } from "./each-indicator.js";
import { indicatorLabel } from "./indicator-label.js";
import { recordFlag } from "./record-flag.js";
import { canonicalLevel1, canonicalLevel2, effectiveLevel2 } from "./taxonomy-names.js";
import type { RuleGroup } from "./rule.js";

/**
 * 一级指标 and 二级指标 must be names of the 财政部 taxonomy, and the level 2 must sit under its own level 1.
 * 成本指标 is valid both as a level 2 of 产出指标 and as a level 1 of its own (newer templates). All three are
 * errors: a wrong name or parent is either a document mistake or a misread merged cell, and both need a look.
 */
export const TAXONOMY_RULES: RuleGroup<"taxonomy_unknown_level1" | "taxonomy_unknown_level2" | "taxonomy_wrong_parent"> = {
  taxonomy_unknown_level1: {
    scope: "record",
    check: (record) =>
      eachIndicator(record, (indicator, index) => {
        if (canonicalLevel1(indicator.level1)) return null;
        const message =
          compact(indicator.level1) === ""
            ? `Indicator ${indicatorLabel(indicator)} has no 一级指标.`
            : `一级指标 "${indicator.level1}" of ${indicatorLabel(indicator)} is not a level 1 of the indicator taxonomy (产出指标, 效益指标, 满意度指标, 成本指标).`;
        return recordFlag(record, "taxonomy_unknown_level1", "error", `indicators.${index}.level1`, message);
      }),
  },

  taxonomy_unknown_level2: {
    scope: "record",
    check: (record) => {
      // A table with no 二级指标 column at all is a template, not a misread cell: one warning, not an error a row.
      // (One indicator alone says nothing about the table: its level-2 line may be what was lost.)
      if (record.indicators.length > 1 && record.indicators.every((indicator) => compact(indicator.level2) === "")) {
        if (record.indicators.every((indicator) => effectiveLevel2(indicator) !== null)) return [];
        return [recordFlag(record, "taxonomy_unknown_level2", "warning", "indicators", "No indicator names a 二级指标 (the table has no such column): the categories cannot be checked.")];
      }
      return eachIndicator(record, (indicator, index) => {
        // 满意度指标 has a single level 2, so templates often print the level 1 alone: not a gap.
        if (effectiveLevel2(indicator)) return null;
        const message = compact(indicator.level2) === ""
          ? `Indicator ${indicatorLabel(indicator)} has no 二级指标.`
          : `二级指标 "${indicator.level2Raw}" of ${indicatorLabel(indicator)} is not a level 2 of the indicator taxonomy.`;
        return recordFlag(record, "taxonomy_unknown_level2", "error", `indicators.${index}.level2`, message);
      });
    },
  },

  taxonomy_wrong_parent: {
    scope: "record",
    check: (record) =>
      eachIndicator(record, (indicator, index) => {
        const level1 = canonicalLevel1(indicator.level1);
        const level2 = canonicalLevel2(indicator.level2);
        // An unknown name is already flagged by its own rule; a parent cannot be judged without both.
        if (level1 === null || level2 === null || TAXONOMY[level1]?.includes(level2)) return null;
        const parents = Object.keys(TAXONOMY).filter((name) => TAXONOMY[name]?.includes(level2));
        return recordFlag(
          record,
          "taxonomy_wrong_parent",
          "error",
          `indicators.${index}.level2`,
          `二级指标 "${level2}" of ${indicatorLabel(indicator)} belongs under ${parents.map((name) => `"${name}"`).join(" or ")}, not under 一级指标 "${indicator.level1}".`,
        );
      }),
  },
};

