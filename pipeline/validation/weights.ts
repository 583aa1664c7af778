import type { Flag } from "../../schemas/flag.js";
import type { ProjectRecord } from "../../schemas/project-record.js";
import type { ProjectUnit } from "../../schemas/project-unit.js";
import { compact } from "../domain/cell-text.js";
import { recordFlag } from "./record-flag.js";
import type { RuleGroup } from "./rule.js";

/** A weight as integer hundredths of a point (`2.5` → 250), or null when it is not a plain number. */
function hundredths(text: string): number | null {
  const match = /^(\d{1,4})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

function points(value: number): string {
  return value % 100 === 0 ? String(value / 100) : (value / 100).toFixed(2).replace(/0$/, "");
}

/**
 * The total a weight column states in its own header (`分值权重（90）`, `权重(100分)`, `分值（满分90分）`): forms that
 * keep 10 points for 预算执行率 say so there. Searched in every cell of the unit's rows and context rows, since a
 * grid's header is one of its rows and a row list's sits in its context.
 */
export function statedWeightTotal(unit: ProjectUnit | undefined): number | null {
  if (unit === undefined) return null;
  const cells = [...unit.columns, ...[...unit.contextRows, ...unit.rows].flatMap((row) => row.cells.map((cell) => cell.text))];
  for (const text of cells) {
    const match = /^(?:指标)?(?:分值|权重|分值权重|权重分值|权重分|标准分值?)[(（](?:满分|合计|共)?(\d{2,3})分?[)）]$/.exec(compact(text));
    if (match) return Number(match[1]) * 100;
  }
  return null;
}

/**
 * Weights (权重 / 分值) of a project's indicators add up to the points the form gives: 100, or the total the
 * weight header states. Only judged when every indicator has a plain numeric weight: weights written per
 * level-2 group in merged cells, or a project with some cells empty, cannot be summed honestly. A warning:
 * the form may be wrong, or a weight cell misread — either way a reviewer should see it.
 */
export const WEIGHT_RULES: RuleGroup<"weights_sum_mismatch"> = {
  weights_sum_mismatch: {
    scope: "record",
    check: (record: ProjectRecord, document): Flag[] => {
      const weights = record.indicators.map((indicator) => (indicator.weight?.number == null ? null : hundredths(indicator.weight.number)));
      if (weights.length < 2 || weights.some((weight) => weight === null)) return [];
      const sum = (weights as number[]).reduce((total, weight) => total + weight, 0);
      const stated = statedWeightTotal(document.units[record.unit.index]);
      const expected = stated ?? 10_000;
      if (sum === expected) return [];
      const basis = stated === null ? "the 100 points of the form" : `the ${points(stated)} points its weight column states`;
      return [
        recordFlag(
          record,
          "weights_sum_mismatch",
          "warning",
          "indicators",
          `The weights of the ${weights.length} indicators add up to ${points(sum)}, not ${basis}.`,
          "indicators.0.weight",
        ),
      ];
    },
  },
};
