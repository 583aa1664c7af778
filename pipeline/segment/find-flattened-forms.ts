import type { Row } from "../../schemas/layout.js";
import { isUnitSubjectLabel, splitAtLabels } from "../domain/field-labels.js";
import { keptColumns, readLineHeader } from "../tables/read-line-header.js";
import { recutBorderlessRows } from "../tables/recut-borderless-rows.js";
import { isPageFurniture } from "./page-furniture.js";
import { pagesOfRows, rowText, type UnitDraft } from "./unit-draft.js";

/** The lines under an indicator header line, cut again by its columns (a borderless table's cells run together). */
function recutBelowHeader(lines: readonly Row[]): Row[] {
  const at = lines.findIndex((row, index) => readLineHeader(row, lines[index - 1]) !== null);
  if (at < 0 || !keptColumns(lines[at]!)) return [...lines];
  return [...lines.slice(0, at + 1), ...recutBorderlessRows(lines.slice(at + 1), readLineHeader(lines[at]!, lines[at - 1])!)];
}

function isSubjectLine(row: Row): "project" | "department" | "unit" | null {
  for (const part of splitAtLabels(rowText(row), { runTogether: true })) {
    if (part.field === "projectName") return "project";
    if (part.field === "departmentName") return "department";
    if (part.label !== null && isUnitSubjectLabel(part.label)) return "unit";
  }
  return null;
}

/**
 * 单位名称 opens a unit-overall form only before every project form and on a page with none: inside a project's
 * form (before or after its 项目名称, or on its next page) it names the implementing unit.
 */
function unitFormStarts(starts: ReadonlyArray<{ index: number; kind: "project" | "department" | "unit" }>, rows: readonly Row[]) {
  const projects = starts.filter((start) => start.kind === "project");
  const firstProject = projects[0]?.index ?? Infinity;
  return starts.flatMap((start): Array<{ index: number; kind: "project" | "department" }> => {
    if (start.kind !== "unit") return [{ index: start.index, kind: start.kind }];
    const page = rows[start.index]!.page;
    const alone = start.index < firstProject && !projects.some((project) => rows[project.index]!.page === page);
    return alone ? [{ index: start.index, kind: "department" }] : [];
  });
}

/**
 * Forms whose cell borders a conversion lost (a Word or web page printed without borders, a document-sharing
 * site's text): pages with no ruling lines at all, whose rows the layout rebuilt from the text's positions.
 * A form starts at a line labelled 项目名称 (or 部门名称) and runs to the next one; its lines are read by
 * `extractors/rules/flattened.ts`, which finds the same labels and level names inside run-together text.
 */
export function findFlattenedForms(rows: readonly Row[], claimed: ReadonlySet<Row>): UnitDraft[] {
  const isLine = (row: Row) => row.borderless === true && !claimed.has(row) && !isPageFurniture(row);
  const found: Array<{ index: number; kind: "project" | "department" | "unit" }> = [];
  rows.forEach((row, index) => {
    if (!isLine(row)) return;
    const kind = isSubjectLine(row);
    if (kind) found.push({ index, kind });
  });
  const starts = unitFormStarts(found, rows);
  return starts.map((start, position) => {
    const end = starts[position + 1]?.index ?? rows.length;
    const unitRows = recutBelowHeader(rows.slice(start.index, end).filter(isLine));
    return {
      kind: start.kind,
      family: "flattened",
      pages: pagesOfRows(unitRows),
      heading: null,
      columns: [],
      rows: unitRows,
      contextRows: [],
      captions: [],
    } satisfies UnitDraft;
  });
}
