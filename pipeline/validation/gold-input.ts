/**
 * Test adapter (internal): turns a hand-labeled gold document into the validate stage's input, so the rules
 * can be compared with the flags the labeler gave. Records are built by the real record builder from the
 * gold's copied values, exactly as from an extractor's output.
 */
import type { GoldDocument, GoldProject } from "../../schemas/gold.js";
import type { DocumentContext, ProjectUnit } from "../../schemas/project-unit.js";
import { buildRecord } from "../domain/build-record.js";
import { rulesExtractionResult } from "../extractors/extraction-result.js";
import type { ValidationInput } from "../validate-records.js";

export interface GoldSource {
  /** The pipeline's own units of the fixture PDF, one per gold project; without them, units are made from the gold's text. */
  readonly units?: readonly ProjectUnit[];
  /** Overview paragraphs of the document (the gold does not record them). */
  readonly overview?: DocumentContext["overview"];
}

/** The gold's own text of a project as one unit: grounding then holds by construction, every other rule is real. */
function unitFromGold(project: GoldProject, index: number): ProjectUnit {
  const texts = [
    project.projectName,
    project.projectCode,
    project.totalAmount,
    project.fiscalAmount,
    project.otherAmount,
    ...project.indicators.flatMap((row) => [row.level1, row.level2, row.level3, row.value, row.description, row.basis]),
    ...(project.spendingSchedule ?? []).map((entry) => entry.percent),
  ].filter((text): text is string => text !== null && text !== "");
  const box = { x: 0, y: 0, width: 1, height: 1 };
  const page = project.pages[0] ?? 1;
  return {
    index,
    kind: "project",
    family: "grid",
    pages: project.pages,
    heading: null,
    columns: [],
    rows: [{ page, table: 0, box, cells: texts.map((text, column) => ({ text, page, box, column, columnSpan: 1, rowSpan: 1 })) }],
    contextRows: [],
    captions: [],
  };
}

/**
 * The validation input for a gold document. Its department total is taken to be in 万元, the unit every
 * seed states it in (the gold keeps the digits only).
 */
export function goldValidationInput(gold: GoldDocument, source: GoldSource = {}): ValidationInput {
  const units = source.units ? [...source.units] : gold.projects.map(unitFromGold);
  if (units.length !== gold.projects.length) {
    throw new Error(`Expected one unit per gold project in ${gold.fixture}: ${gold.projects.length} projects, ${units.length} units`);
  }
  const context: DocumentContext = {
    path: gold.fixture,
    sha256: "0".repeat(64),
    pageCount: Math.max(...gold.projects.flatMap((project) => project.pages)),
    family: gold.family,
    title: gold.title,
    region: gold.region,
    year: gold.year,
    department: gold.department,
    implementingUnit: gold.projects[0]?.implementingUnit ?? null,
    departmentTotal: gold.departmentTotal === null ? null : { raw: gold.departmentTotal, unit: "万元", page: 1 },
    moneyUnit: null,
    segmentationDoubts: [],
    overview: [...(source.overview ?? [])],
  };
  const records = gold.projects.map((project, index) =>
    buildRecord(units[index]!, context, rulesExtractionResult(project)),
  );
  return { context, units, records };
}
