import type { DocumentContext } from "../../schemas/project-unit.js";
import { formatFen, sumFen, toFen } from "../domain/money.js";
import { roundingTolerance } from "./rounding-tolerance.js";
import type { DocumentFinding, RuleGroup, ValidationScope } from "./rule.js";

type DepartmentTotal = NonNullable<DocumentContext["departmentTotal"]>;

function documentFinding(total: DepartmentTotal, severity: "error" | "info", message: string, records: readonly number[]): DocumentFinding {
  return {
    flag: {
      code: "money_department_total_mismatch",
      severity,
      path: "money.total",
      message,
      evidence: { page: total.page, text: total.raw, box: null },
    },
    records,
  };
}

/** Units of the document that have no record: while any is missing, the sum says nothing. */
function unitsWithoutRecord(document: ValidationScope): number {
  const covered = new Set(document.records.map((record) => record.unit.index));
  return document.units.filter((_unit, position) => !covered.has(position)).length;
}

/**
 * Project amounts must add up to the department total the document states (seed 002: 11 projects, 291.88
 * 万元), up to the rounding of the digits the total is written with. An error on every project, since any
 * of them may be the wrong one. When the sum cannot be formed (a unit without a record, an amount that is
 * not a number) the document gets an info saying the check could not be made, rather than a guess.
 */
export const DEPARTMENT_TOTAL_RULES: RuleGroup<"money_department_total_mismatch"> = {
  money_department_total_mismatch: {
    scope: "document",
    check: (document) => {
      const total = document.context.departmentTotal;
      if (total === null) return [];
      const stated = toFen(total.raw, total.unit);
      const cannotTell = (why: string) => [
        documentFinding(total, "info", `The department total ${total.raw} ${total.unit} could not be checked: ${why}.`, []),
      ];
      if (stated === null) return cannotTell(`"${total.raw}" is not a plain decimal`);
      const missing = unitsWithoutRecord(document);
      if (missing > 0) return cannotTell(`${missing} of ${document.units.length} project tables have no record, so their amounts are unknown`);
      const unreadable = document.records.filter((record) => record.money.total?.fen == null);
      if (unreadable.length > 0) {
        return cannotTell(`${unreadable.length} project(s) have no computable 年度资金总额 (${unreadable.map((record) => `"${record.project.name}"`).join(", ")})`);
      }
      const sum = sumFen(document.records.map((record) => record.money.total?.fen ?? 0));
      if (Math.abs(sum - stated) <= roundingTolerance(total.raw, total.unit)) return [];
      return [
        documentFinding(
          total,
          "error",
          `The ${document.records.length} project amounts add up to ${formatFen(sum, total.unit)} ${total.unit}, but the department total is ${total.raw} ${total.unit} (a difference of ${formatFen(Math.abs(sum - stated), total.unit)} ${total.unit}).`,
          document.records.map((_record, position) => position),
        ),
      ];
    },
  },
};
