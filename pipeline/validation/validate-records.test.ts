import { afterEach, describe, expect, it, vi } from "vitest";
import { FlagCodeSchema } from "../../schemas/flag-codes.js";
import { ProjectRecordSchema, type ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentContext } from "../../schemas/project-unit.js";
import { testContext } from "../../test/helpers.js";
import { validateRecords } from "../validate-records.js";
import { VALIDATION_RULES } from "./rule-registry.js";
import { documentContext, indicator, projectRecord, projectUnit, validationFixture } from "./test-records.js";

interface Seed003 {
  readonly overview: DocumentContext["overview"];
  readonly tables: readonly { unitIndex: number; pages: number[]; name: string; code: string; total: string }[];
}

const seed = validationFixture<Seed003>("seed-003-overview.json");

/** Seed 003 as six hand-built records, table 5 carrying its real 1000百分比 and a schedule that falls. */
function seed003(): { context: DocumentContext; records: ProjectRecord[] } {
  const records = seed.tables.map((table) =>
    projectRecord({
      name: table.name,
      code: table.code,
      unitIndex: table.unitIndex,
      pages: table.pages,
      moneyUnit: "元",
      total: table.total,
      fiscal: table.total,
      other: "0",
      schedule: table.unitIndex === 4 ? [null, "30.00%", "20.00%", "100.00%"] : ["10.00%", "30.00%", "60.00%", "100.00%"],
      indicators:
        table.unitIndex === 4
          ? [
              indicator("产出指标", "数量指标", "政府采购完成情况", "≥30台"),
              indicator("产出指标", "时效指标", "资金支付及时率", "1000百分比"),
              indicator("满意度指标", "服务对象满意度指标", "群众满意度", "≥90百分比"),
            ]
          : [],
      evidence: { "project.name": { page: table.pages[0]!, text: table.name, box: null } },
    }),
  );
  return { context: documentContext({ family: "vertical", overview: seed.overview }), records };
}

function units(records: readonly ProjectRecord[]) {
  // Units whose cells hold every value, so that grounding stays out of these tests' way.
  return records.map((record) =>
    projectUnit(record.unit.index, [
      [record.project.name, record.project.code ?? "", record.money.total?.raw ?? "", "0"],
      ...record.indicators.map((row) => [row.level1, row.level2Raw, row.level3, row.value.raw]),
    ]),
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("validateRecords", () => {
  it("has a rule for every flag code", () => {
    expect(Object.keys(VALIDATION_RULES).sort()).toEqual([...FlagCodeSchema.options].sort());
  });

  it("returns every record unchanged but for its flags, sorted error → warning → info, then by path", async () => {
    const { context, records } = seed003();
    const output = await validateRecords({ context, units: units(records), records }, testContext());

    expect(output.records).toHaveLength(records.length);
    output.records.forEach((record, index) => {
      expect(ProjectRecordSchema.parse(record)).toEqual(record);
      expect({ ...record, flags: [] }).toEqual(records[index]);
    });
    const office = output.records[4]!;
    expect(office.flags.map(({ severity, code, path }) => `${severity} ${code} ${path}`)).toEqual([
      "error value_percent_over_100 indicators.1.value",
      "error schedule_not_cumulative spendingSchedule",
      "info duplicate_project_name project.name",
    ]);
  });

  it("reports a document-level finding once and attaches it to every record it concerns, with that record's evidence", async () => {
    const { context, records } = seed003();
    const output = await validateRecords({ context, units: units(records), records }, testContext());

    expect(output.documentFlags.map((flag) => flag.code)).toEqual(["duplicate_project_name"]);
    const attached = output.records.map((record) => record.flags.find((flag) => flag.code === "duplicate_project_name"));
    expect(attached.map((flag) => flag?.evidence?.page ?? null)).toEqual([null, 2, null, null, 5, null]);
    expect(attached[1]?.message).toBe(output.documentFlags[0]?.message);
  });

  it("does not repeat flags when a validated record is validated again", async () => {
    const { context, records } = seed003();
    const input = { context, units: units(records), records };
    const once = await validateRecords(input, testContext());
    const twice = await validateRecords({ ...input, records: once.records }, testContext());
    expect(twice.records).toEqual(once.records);
  });

  it("keeps the other rules' flags and logs the failure when one rule throws", async () => {
    const { context, records } = seed003();
    vi.spyOn(VALIDATION_RULES.value_percent_over_100, "check").mockImplementation(() => {
      throw new Error("boom");
    });
    const stage = testContext();
    const warn = vi.spyOn(stage.logger, "warn");
    const output = await validateRecords({ context, units: units(records), records }, stage);

    expect(output.records[4]?.flags.map((flag) => flag.code)).not.toContain("value_percent_over_100");
    expect(output.records[4]?.flags.map((flag) => flag.code)).toContain("schedule_not_cumulative");
    expect(warn).toHaveBeenCalledWith("validation-rule-failed", expect.objectContaining({ code: "value_percent_over_100", error: "boom" }));
  });

  it("validates a document with no records without complaint", async () => {
    const output = await validateRecords({ context: documentContext(), units: [], records: [] }, testContext());
    expect(output).toEqual({ records: [], documentFlags: [] });
  });
});
