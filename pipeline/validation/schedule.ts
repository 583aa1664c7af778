import type { ProjectRecord } from "../../schemas/project-record.js";
import { recordFlag } from "./record-flag.js";
import type { RuleGroup } from "./rule.js";

interface SchedulePoint {
  readonly index: number;
  readonly checkpoint: string;
  readonly percent: number;
}

/**
 * The stated points of a spending schedule. Empty cells are skipped: before the first value they mean
 * nothing is spent yet, and after 100% nothing is left to spend (seed 003: `10%, 100%, , `).
 */
function statedPoints(record: ProjectRecord): SchedulePoint[] {
  return (record.spendingSchedule ?? []).flatMap((entry, index) =>
    entry.percent === null ? [] : [{ index, checkpoint: entry.checkpoint, percent: Number(entry.percent) }],
  );
}

/**
 * 资金支出计划 is cumulative (% spent by 3月底, 6月底, 10月底, 12月底): it never decreases and ends at 100%.
 * Both are errors. A schedule whose cells are all empty is only a warning: the plan was left out, which is
 * incomplete rather than wrong.
 */
export const SCHEDULE_RULES: RuleGroup<"schedule_not_cumulative" | "schedule_not_ending_at_100"> = {
  schedule_not_cumulative: {
    scope: "record",
    check: (record) => {
      const points = statedPoints(record);
      return points.slice(1).flatMap((point, position) => {
        const previous = points[position]!;
        if (point.percent >= previous.percent) return [];
        return [
          recordFlag(
            record,
            "schedule_not_cumulative",
            "error",
            "spendingSchedule",
            `The spending schedule falls from ${previous.percent}% by "${previous.checkpoint}" to ${point.percent}% by "${point.checkpoint}"; it is cumulative, so it can only rise.`,
            `spendingSchedule.${point.index}`,
          ),
        ];
      });
    },
  },

  schedule_not_ending_at_100: {
    scope: "record",
    check: (record) => {
      if (record.spendingSchedule === null || record.spendingSchedule.length === 0) return [];
      const last = statedPoints(record).at(-1);
      if (last === undefined) {
        return [recordFlag(record, "schedule_not_ending_at_100", "warning", "spendingSchedule", "The spending schedule (资金支出计划) states no percentage at any checkpoint.")];
      }
      if (last.percent === 100) return [];
      return [
        recordFlag(
          record,
          "schedule_not_ending_at_100",
          "error",
          "spendingSchedule",
          `The spending schedule ends at ${last.percent}% by "${last.checkpoint}"; by the end of the year it should reach 100%.`,
          `spendingSchedule.${last.index}`,
        ),
      ];
    },
  },
};
