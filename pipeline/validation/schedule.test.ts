import { describe, expect, it } from "vitest";
import type { FlagCode } from "../../schemas/flag-codes.js";
import { projectRecord, raisedOn } from "./test-records.js";

interface Case {
  readonly behaviour: string;
  /** 3月底, 6月底, 10月底, 12月底 as written; null for an empty cell. */
  readonly schedule: ReadonlyArray<string | null> | null;
  readonly flags: readonly { code: FlagCode; severity: string }[];
}

const CASES: readonly Case[] = [
  { behaviour: "stays silent on 10/30/60/100 (seed 003 政府大型公务活动, 电费)", schedule: ["10.00%", "30.00%", "60.00%", "100.00%"], flags: [] },
  {
    behaviour: "fires when the schedule falls: 10/30/20/100",
    schedule: ["10.00%", "30.00%", "20.00%", "100.00%"],
    flags: [{ code: "schedule_not_cumulative", severity: "error" }],
  },
  {
    behaviour: "fires when the schedule ends at 90%",
    schedule: ["10.00%", "30.00%", "60.00%", "90.00%"],
    flags: [{ code: "schedule_not_ending_at_100", severity: "error" }],
  },
  { behaviour: "accepts empty cells before the first value (seed 003 网络改造: , 30, 60, 100)", schedule: [null, "30.00%", "60.00%", "100.00%"], flags: [] },
  { behaviour: "accepts empty cells after reaching 100% (seed 003 防贫保险: 10, 100, , )", schedule: ["10.00%", "100.00%", null, null], flags: [] },
  { behaviour: "accepts a single 100% by 6月底 (seed 003 公务用车)", schedule: [null, "100.00%", null, null], flags: [] },
  {
    behaviour: "fires on a schedule that stops short after an empty end: 10, 40, , ",
    schedule: ["10.00%", "40.00%", null, null],
    flags: [{ code: "schedule_not_ending_at_100", severity: "error" }],
  },
  {
    behaviour: "warns when every checkpoint is empty",
    schedule: [null, null, null, null],
    flags: [{ code: "schedule_not_ending_at_100", severity: "warning" }],
  },
  { behaviour: "stays silent when the table has no schedule (seed 000, seed 002)", schedule: null, flags: [] },
];

const CODES: readonly FlagCode[] = ["schedule_not_cumulative", "schedule_not_ending_at_100"];

describe("schedule rules", () => {
  it.each(CASES)("$behaviour", ({ schedule, flags }) => {
    const record = projectRecord({ name: "政府大型公务活动项目经费", moneyUnit: "元", total: "433800.00", schedule });
    const raised = CODES.flatMap((code) => raisedOn(code, record));
    expect(raised.map(({ code, severity }) => ({ code, severity }))).toEqual(flags);
    for (const flag of raised) expect(flag.path).toBe("spendingSchedule");
  });

  it("names the checkpoints where the schedule falls and takes the evidence of the entry that falls", () => {
    const evidence = { "spendingSchedule.2": { page: 3, text: "20.00%", box: null } };
    const record = projectRecord({ name: "政府大型公务活动项目经费", schedule: CASES[1]!.schedule, evidence });
    expect(raisedOn("schedule_not_cumulative", record)[0]).toMatchObject({
      message: 'The spending schedule falls from 30% by "6月底" to 20% by "10月底"; it is cumulative, so it can only rise.',
      evidence: { page: 3, text: "20.00%", box: null },
    });
  });
});
