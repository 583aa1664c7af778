import { beforeAll, describe, expect, it } from "vitest";
import type { ProjectRecord } from "../schemas/project-record.js";
import { FIXTURE_PDFS } from "../test/helpers.js";
import { silentLogger } from "../pipeline/logger.js";
import { applyEdits } from "./apply-edits.js";
import { loadRun, type ReviewRun } from "./load-run.js";
import { revalidateDocument } from "./revalidate-document.js";
import { reviewStageContext } from "./review-stage-context.js";
import { ingest } from "./test-run.js";

let run: ReviewRun;
const context = reviewStageContext(silentLogger);

beforeAll(async () => {
  run = await loadRun(await ingest([FIXTURE_PDFS.grid, FIXTURE_PDFS.rowList, FIXTURE_PDFS.vertical]));
});

function documentOf(path: string): ProjectRecord[] {
  const sample = [...run.records.values()].find((record) => record.document.path === path)!;
  return run.documentRecordIds.get(sample.document.sha256)!.map((id) => run.records.get(id)!);
}

function corrected(record: ProjectRecord, edits: Record<string, string>): { record: ProjectRecord; editedPaths: readonly string[] } {
  const outcome = applyEdits(record, edits);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return outcome;
}

describe("revalidateDocument", () => {
  it("gives every unedited record of the three samples exactly the flags the pipeline gave it", async () => {
    for (const path of Object.values(FIXTURE_PDFS)) {
      const records = documentOf(path);
      const { records: revalidated } = await revalidateDocument({ records, originals: run.records, editedPaths: new Map() }, context);
      expect(revalidated.map((record) => record.flags), path).toEqual(records.map((record) => record.flags));
    }
  });

  it("resolves value_percent_over_100 once 1000百分比 is corrected, and raises value flags on a new bad value", async () => {
    const records = documentOf(FIXTURE_PDFS.vertical);
    const position = records.findIndex((record) => record.flags.some((flag) => flag.code === "value_percent_over_100"));
    const fixed = corrected(records[position]!, { "indicators.2.value": "100百分比" });
    const versions = records.map((record, index) => (index === position ? fixed.record : record));
    const { records: revalidated } = await revalidateDocument({ records: versions, originals: run.records, editedPaths: new Map([[fixed.record.id, fixed.editedPaths]]) }, context);
    expect(revalidated[position]!.flags.map((flag) => flag.code)).not.toContain("value_percent_over_100");

    const worse = corrected(records[position]!, { "indicators.2.value": "100人百分比" });
    const again = await revalidateDocument({ records: records.map((record, index) => (index === position ? worse.record : record)), originals: run.records, editedPaths: new Map() }, context);
    expect(again.records[position]!.flags).toContainEqual(expect.objectContaining({ code: "value_unit_unknown", path: "indicators.2.value" }));
  });

  it("re-checks the department total with a sibling's correction (seed 002: 291.88 万元)", async () => {
    const records = documentOf(FIXTURE_PDFS.rowList);
    expect(records.flatMap((record) => record.flags).some((flag) => flag.code === "money_department_total_mismatch")).toBe(false);
    const changed = corrected(records[1]!, { "money.total": "100.00" });
    const { records: revalidated, documentFlags } = await revalidateDocument(
      { records: records.map((record, index) => (index === 1 ? changed.record : record)), originals: run.records, editedPaths: new Map([[changed.record.id, changed.editedPaths]]) },
      context,
    );
    expect(documentFlags).toContainEqual(expect.objectContaining({ code: "money_department_total_mismatch", severity: "error" }));
    // Every project of the document gets the finding: any of them may be the wrong one.
    for (const record of revalidated) expect(record.flags.map((flag) => flag.code)).toContain("money_department_total_mismatch");
  });

  it("carries grounding and overview findings over for untouched fields and drops them for edited ones", async () => {
    const records = documentOf(FIXTURE_PDFS.vertical);
    const original: ProjectRecord = {
      ...records[0]!,
      flags: [
        { code: "ungrounded", severity: "error", path: "indicators.0.value", message: "not in the table", evidence: null },
        { code: "ungrounded", severity: "error", path: "indicators.1.value", message: "not in the table", evidence: null },
        { code: "money_overview_mismatch", severity: "error", path: "money.total", message: "overview says otherwise", evidence: null },
      ],
    };
    const originals = new Map(run.records);
    originals.set(original.id, original);
    const edited = corrected(original, { "indicators.0.value": "≥30台", "money.unit": "万元" });
    const { records: revalidated } = await revalidateDocument(
      { records: records.map((record, index) => (index === 0 ? edited.record : record)), originals, editedPaths: new Map([[original.id, ["indicators.0.value", "money.unit"]]]) },
      context,
    );
    const kept = revalidated[0]!.flags.filter((flag) => flag.code === "ungrounded" || flag.code === "money_overview_mismatch");
    expect(kept.map((flag) => `${flag.code} ${flag.path}`)).toEqual(["ungrounded indicators.1.value"]);
  });
});
