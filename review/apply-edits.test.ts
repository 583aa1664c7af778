import { beforeAll, describe, expect, it } from "vitest";
import { ProjectRecordSchema, type ProjectRecord } from "../schemas/project-record.js";
import { FIXTURE_PDFS } from "../test/helpers.js";
import { applyEdits } from "./apply-edits.js";
import { loadRun } from "./load-run.js";
import { editableFields } from "./record-fields.js";
import { ingest, PERCENT_RECORD_SUFFIX } from "./test-run.js";

let records: ProjectRecord[];
let percent: ProjectRecord;

beforeAll(async () => {
  const run = await loadRun(await ingest([FIXTURE_PDFS.vertical, FIXTURE_PDFS.grid]));
  records = [...run.records.values()];
  percent = records.find((record) => record.id.endsWith(PERCENT_RECORD_SUFFIX) && record.document.path === FIXTURE_PDFS.vertical)!;
});

function applied(record: ProjectRecord, edits: Record<string, string>) {
  const outcome = applyEdits(record, edits);
  if (!outcome.ok) throw new Error(`expected the edits to apply: ${JSON.stringify(outcome.issues)}`);
  return outcome;
}

describe("applyEdits", () => {
  it("re-parses a corrected 指标值 with the pipeline's parser, keeps its evidence and leaves the pipeline's record alone", () => {
    const before = structuredClone(percent);
    const { record, editedPaths } = applied(percent, { "indicators.2.value": "≥100百分比" });
    expect(record.indicators[2]!.value).toMatchObject({ raw: "≥100百分比", kind: "numeric", comparator: "≥", number: "100", unit: "%" });
    expect(record.evidence["indicators.2.value"]).toEqual(percent.evidence["indicators.2.value"]);
    expect(editedPaths).toEqual(["indicators.2.value"]);
    expect(percent).toEqual(before);
    expect(ProjectRecordSchema.safeParse(record).success).toBe(true);
  });

  it("recomputes 分 from the amount and the unit, as the record builder does", () => {
    expect(applied(percent, { "money.total": "195000.50" }).record.money.total).toEqual({ raw: "195000.50", fen: 19_500_050 });
    // 元 → 万元: the same digits are now 10,000 times more money.
    expect(applied(percent, { "money.unit": "万元" }).record.money.fiscal).toEqual({ raw: "200000.00", fen: 200_000_000_000 });
    expect(applied(percent, { "money.other": "" }).record.money.other).toBeNull();
    expect(applied(percent, { "money.total": "约20万" }).record.money.total).toEqual({ raw: "约20万", fen: null });
  });

  it("splits the annotation off a corrected 二级指标", () => {
    const indicator = applied(percent, { "indicators.0.level2": "数量指标(必填)" }).record.indicators[0]!;
    expect(indicator).toMatchObject({ level2: "数量指标", level2Raw: "数量指标(必填)", level2Annotation: "必填", required: true });
  });

  it("normalizes typed text as the pipeline normalizes document text", () => {
    const { record } = applied(percent, { "indicators.2.value": "１００％", "project.period": "  2021 - 2021  " });
    expect(record.indicators[2]!.value.raw).toBe("100%");
    expect(record.project.period).toBe("2021 - 2021");
  });

  it("ignores fields sent with the text they already have", () => {
    const fields = editableFields(percent);
    const { record, editedPaths } = applied(percent, { "project.name": fields["project.name"]!, "indicators.1.value": fields["indicators.1.value"]! });
    expect(editedPaths).toEqual([]);
    expect(record).toEqual(percent);
  });

  it("refuses a money unit outside the record schema's enum, with zod's message on the field", () => {
    const outcome = applyEdits(percent, { "money.unit": "美元" });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.issues).toEqual([{ path: "money.unit", message: expect.stringMatching(/Invalid enum value. Expected '万元' \| '元'/) }]);
  });

  it("refuses a field the record does not have", () => {
    const outcome = applyEdits(percent, { "indicators.40.value": "1" });
    expect(outcome).toMatchObject({ ok: false, issues: [{ path: "indicators.40.value", message: expect.stringContaining("6 indicators") }] });
  });

  it("reads a corrected schedule percentage exactly as the record builder reads one", () => {
    // Every written percentage of the sample, put into another entry, must parse to what the builder made of it.
    const entries = records.flatMap((record) => (record.spendingSchedule ?? []).filter((entry) => entry.raw !== null).map((entry) => ({ record, entry })));
    expect(entries.length).toBeGreaterThan(4);
    for (const { record, entry } of entries) {
      const target = record.spendingSchedule!.findIndex((other) => other.raw !== entry.raw);
      if (target < 0) continue;
      const corrected = applied(record, { [`spendingSchedule.${target}`]: entry.raw! }).record;
      expect(corrected.spendingSchedule![target]!.percent, entry.raw!).toBe(entry.percent);
    }
  });
});
