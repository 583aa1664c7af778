import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAllGold, loadGold } from "../eval/load-gold.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import { FIXTURE_PDFS, repoRoot } from "../test/helpers.js";
import { applyEdits } from "./apply-edits.js";
import { loadRun, type ReviewRun } from "./load-run.js";
import { promoteToGold, type PromotionInput } from "./promote-to-gold.js";
import { ingest, PERCENT_RECORD_SUFFIX, temporaryDirectory } from "./test-run.js";

let run: ReviewRun;
let records: ProjectRecord[];

beforeAll(async () => {
  run = await loadRun(await ingest());
  records = [...run.records.values()].sort((a, b) => a.unit.index - b.unit.index);
});

function input(record: ProjectRecord, edits: Record<string, string> = {}): PromotionInput {
  const outcome = applyEdits(record, edits);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
  return {
    record: outcome.record,
    original: record,
    decision: { action: Object.keys(edits).length > 0 ? "correct" : "accept", note: "checked against the page", reviewer: "alice", decidedAt: "2025-03-04T05:06:07.000Z", edits },
    pdfFile: FIXTURE_PDFS.vertical,
    documentProjectCount: records.length,
  };
}

describe("promoteToGold", () => {
  it("creates a gold document the eval's loader accepts, with the corrected value, its parse and the record's flags", async () => {
    const goldDir = temporaryDirectory("gold-");
    const record = records.find((candidate) => candidate.id.endsWith(PERCENT_RECORD_SUFFIX))!;
    const result = await promoteToGold(input(record, { "indicators.2.value": "100百分比" }), { goldDir, repositoryRoot: repoRoot });

    expect(result).toMatchObject({ created: true, projects: 1, documentProjects: 6, fixture: "fixtures/pdf/seed-003-vertical.pdf", copiedPdf: null });
    expect(path.basename(result.file)).toBe(`${record.document.sha256.slice(0, 16)}.gold.json`);
    const gold = loadGold(result.file);
    expect(gold).toMatchObject({ fixture: "fixtures/pdf/seed-003-vertical.pdf", family: "vertical", region: "顺平县", year: 2021 });
    const project = gold.projects[0]!;
    expect(project).toMatchObject({ projectName: record.project.name, moneyUnit: "元", totalAmount: "200000.00", pages: [5, 6] });
    expect(project.indicators[2]).toMatchObject({ value: "100百分比", page: 5, parsed: { number: "100", unit: "%" } });
    expect(project.notes[0]).toMatch(new RegExp(`^review record ${record.id}: corrected by alice`));
    expect(project.notes).toContain('Corrected indicators.2.value: "1000百分比" → "100百分比".');
    // The duplicate-name finding is about the document, as in the hand-labeled gold.
    expect(project.flags.map((flag) => flag.code)).not.toContain("duplicate_project_name");
    expect(gold.flags.map((flag) => flag.code)).toContain("duplicate_project_name");
    expect(gold.notes.at(-1)).toMatch(/1 of the 6 projects/);
    expect(loadAllGold(goldDir)).toHaveLength(1);
  });

  it("extends the document with another record, and replaces a record's project when it is promoted again", async () => {
    const goldDir = temporaryDirectory("gold-");
    await promoteToGold(input(records[3]!), { goldDir, repositoryRoot: repoRoot });
    await promoteToGold(input(records[0]!), { goldDir, repositoryRoot: repoRoot });
    const again = await promoteToGold(input(records[3]!, { "project.name": "改过的名称" }), { goldDir, repositoryRoot: repoRoot });

    expect(again).toMatchObject({ created: false, projects: 2 });
    const gold = loadGold(again.file);
    // In document order, whatever order they were promoted in.
    expect(gold.projects.map((project) => project.projectName)).toEqual([records[0]!.project.name, "改过的名称"]);
    expect(gold.notes.filter((note) => note.startsWith("Promoted from analyst review:"))).toHaveLength(1);
    expect(readdirSync(goldDir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("copies a PDF from outside the repository next to the gold file, so the eval can find it", async () => {
    const goldDir = temporaryDirectory("gold-");
    const outsideRoot = temporaryDirectory("other-repository-");
    const result = await promoteToGold(input(records[0]!), { goldDir, repositoryRoot: outsideRoot });
    expect(result.copiedPdf).toBe(path.join(goldDir, `${records[0]!.document.sha256.slice(0, 16)}.pdf`));
    expect(existsSync(result.copiedPdf!)).toBe(true);
    expect(path.resolve(outsideRoot, loadGold(result.file).fixture)).toBe(result.copiedPdf);
  });
});
