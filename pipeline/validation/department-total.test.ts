import { describe, expect, it } from "vitest";
import type { DocumentContext } from "../../schemas/project-unit.js";
import { documentContext, projectRecord, projectUnit, raisedBy, scopeOf, validationFixture } from "./test-records.js";
import { VALIDATION_RULES } from "./rule-registry.js";

interface Seed002 {
  readonly departmentTotal: NonNullable<DocumentContext["departmentTotal"]>;
  readonly projects: readonly { unitIndex: number; name: string; amount: string }[];
}

const seed = validationFixture<Seed002>("seed-002-department.json");

function seedScope(amounts: readonly string[], unitCount = amounts.length) {
  const records = amounts.map((total, index) => projectRecord({ name: seed.projects[index]?.name ?? `项目${index}`, unitIndex: index, total }));
  const units = Array.from({ length: unitCount }, (_, index) => projectUnit(index, []));
  return scopeOf(records, { units, context: documentContext({ family: "row-list", departmentTotal: seed.departmentTotal }) });
}

const amounts = seed.projects.map((project) => project.amount);

describe("money_department_total_mismatch", () => {
  it("stays silent when seed 002's 11 project amounts add up to 291.88 万元", () => {
    expect(amounts).toHaveLength(11);
    expect(raisedBy("money_department_total_mismatch", seedScope(amounts))).toEqual([]);
  });

  it("fires, on every project, when one amount of seed 002 is changed by 0.01 万元", () => {
    const edited = amounts.map((amount, index) => (index === 0 ? "1.29" : amount));
    const rule = VALIDATION_RULES.money_department_total_mismatch;
    if (rule.scope !== "document") throw new Error("expected a document rule");
    const [finding] = rule.check(seedScope(edited));
    expect(finding?.flag).toMatchObject({ code: "money_department_total_mismatch", severity: "error", path: "money.total" });
    expect(finding?.flag.message).toBe(
      "The 11 project amounts add up to 291.89 万元, but the department total is 291.88 万元 (a difference of 0.01 万元).",
    );
    expect(finding?.records).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("says only as info that it cannot tell when a unit of the document has no record", () => {
    const flags = raisedBy("money_department_total_mismatch", seedScope(amounts.slice(0, 10), 11));
    expect(flags).toEqual([expect.objectContaining({ severity: "info" })]);
    expect(flags[0]?.message).toContain("1 of 11 project tables have no record");
  });

  it("accepts 元 tables against a 万元 total rounded to its written digits (seed 003: 2900450.00 元 vs 290.05 万元)", () => {
    const overview = validationFixture<{ tables: readonly { name: string; total: string }[] }>("seed-003-overview.json");
    const records = overview.tables.map((table, index) => projectRecord({ name: table.name, unitIndex: index, moneyUnit: "元", total: table.total }));
    const context = documentContext({ departmentTotal: { raw: "290.05", unit: "万元", page: 1 } });
    expect(raisedBy("money_department_total_mismatch", scopeOf(records, { context }))).toEqual([]);
    const short = records.map((record, index) => (index === 0 ? projectRecord({ name: record.project.name, moneyUnit: "元", total: "185000.00" }) : record));
    expect(raisedBy("money_department_total_mismatch", scopeOf(short, { context }))).toEqual([expect.objectContaining({ severity: "error" })]);
  });

  it("stays silent when the document states no department total (seed 000)", () => {
    const records = [projectRecord({ name: "会议费及公务活动费", total: "36.00" })];
    expect(raisedBy("money_department_total_mismatch", scopeOf(records))).toEqual([]);
  });
});
