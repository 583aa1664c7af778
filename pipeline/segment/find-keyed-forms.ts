import type { Row } from "../../schemas/layout.js";
import { compact } from "../domain/cell-text.js";
import { fieldOfLabel, isUnitSubjectLabel, splitAtLabels } from "../domain/field-labels.js";
import { normalizeText } from "../normalize-text.js";
import { pagesOfRows, rowText, type UnitDraft } from "./unit-draft.js";

type Subject = "projectName" | "departmentName" | "unitName";

/**
 * The field of the first label in a row that names the form's subject, or null. `unitName`: 单位名称, the
 * subject of a unit-overall form (单位整体支出绩效目标表) but the implementing unit inside a project's form.
 */
function subjectLabel(row: Row): Subject | null {
  for (const cell of row.cells) {
    const whole = fieldOfLabel(cell.text);
    if (whole === "projectName" || whole === "departmentName") return whole;
    if (isUnitSubjectLabel(cell.text)) return "unitName";
    for (const part of splitAtLabels(cell.text.trim())) {
      if (part.field === "projectName" || part.field === "departmentName") return part.field;
    }
  }
  return null;
}

// How far above its subject row a form may start (a title row, the issuing unit, 单位：元 inside the table).
const ROWS_ABOVE_SUBJECT = 3;
// A 部门名称 row this close above a 项目名称 row is the project form's department, not a department form.
const PROJECT_FORM_REACH = 8;

/**
 * Key–value forms, one per project (grid and vertical families) or per department (部门整体支出绩效目标表):
 * a form starts at its subject row — a cell labelled 项目名称 (or 部门名称 for a department form), found inside
 * a cell's text too, since a scan may lose the border between label and value — and runs to the next form.
 * Only bordered tables: forms whose borders a conversion lost are read line by line (`find-flattened-forms`).
 */
export function findKeyedForms(rows: readonly Row[], claimed: ReadonlySet<Row>): UnitDraft[] {
  const isFormRow = (row: Row) => row.table !== null && !row.borderless && !claimed.has(row);
  const subjects: Array<{ index: number; field: Subject }> = [];
  rows.forEach((row, index) => {
    if (!isFormRow(row)) return;
    const field = subjectLabel(row);
    if (field) subjects.push({ index, field });
  });
  const projectNear = (subject: { index: number }) =>
    subjects.some((other) => other.field === "projectName" && other.index > subject.index && other.index - subject.index <= PROJECT_FORM_REACH && rows[other.index]!.page === rows[subject.index]!.page);
  // 单位名称 opens a unit form only in a table with no 项目名称 anywhere: a project form may name its unit
  // before or after its name.
  const inProjectTable = (subject: { index: number }) =>
    subjects.some((other) => other.field === "projectName" && rows[other.index]!.table === rows[subject.index]!.table && rows[other.index]!.page === rows[subject.index]!.page);
  const anchors = subjects.filter(
    (subject) => subject.field === "projectName" || (!projectNear(subject) && (subject.field === "departmentName" || !inProjectTable(subject))),
  );

  const starts: number[] = [];
  for (const anchor of anchors) {
    const row = rows[anchor.index]!;
    let start = anchor.index;
    while (
      start > 0 &&
      anchor.index - start < ROWS_ABOVE_SUBJECT &&
      isFormRow(rows[start - 1]!) &&
      rows[start - 1]!.table === row.table &&
      rows[start - 1]!.page === row.page &&
      (starts.length === 0 || start - 1 > starts.at(-1)!)
    ) {
      start--;
    }
    starts.push(start);
  }

  return starts.map((start, position) => {
    const nextStart = starts[position + 1] ?? rows.length;
    const unitRows: Row[] = [];
    for (const row of rows.slice(start, nextStart)) {
      if (claimed.has(row)) break; // another reader's table begins
      if (isFormRow(row)) unitRows.push(row);
    }
    return {
      kind: anchors[position]!.field === "projectName" ? "project" : "department",
      family: "grid",
      pages: pagesOfRows(unitRows),
      heading: headingAbove(rows, start),
      columns: [],
      rows: unitRows,
      contextRows: [],
      captions: [],
    } satisfies UnitDraft;
  });
}

/** A title may wrap over a few free lines just above the table; a Word field code can straddle them. */
function headingAbove(rows: readonly Row[], start: number): string | null {
  const lines: string[] = [];
  for (let index = start - 1; index >= 0 && index >= start - 3 && rows[index]!.table === null; index--) {
    const text = rowText(rows[index]!);
    if (/单位[:：]\s*(万元|元)\s*$/u.test(compact(text)) && lines.length === 0) continue; // a money caption, not the title
    lines.unshift(text);
  }
  return lines.length > 0 ? normalizeText(lines.join("")) : null;
}

/** Vertical-family forms carry a description and a basis column, or a spending schedule. */
export function isVerticalForm(unit: UnitDraft): boolean {
  return unit.rows.some((row) => row.cells.some((cell) => /绩效指标描述|指标值确定依据|资金支出计划/u.test(compact(cell.text))));
}
