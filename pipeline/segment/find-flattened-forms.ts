import type { Row } from "../../schemas/layout.js";
import { splitAtLabels } from "../domain/field-labels.js";
import { pagesOfRows, rowText, type UnitDraft } from "./unit-draft.js";

function isSubjectLine(row: Row): "project" | "department" | null {
  for (const part of splitAtLabels(rowText(row))) {
    if (part.field === "projectName") return "project";
    if (part.field === "departmentName") return "department";
  }
  return null;
}

/**
 * Forms whose cell borders a conversion lost (a Word or web page printed without borders, a document-sharing
 * site's text): pages with no ruling lines at all, whose rows the layout rebuilt from the text's positions.
 * A form starts at a line labelled 项目名称 (or 部门名称) and runs to the next one; its lines are read by
 * `extractors/rules/flattened.ts`, which finds the same labels and level names inside run-together text.
 */
export function findFlattenedForms(rows: readonly Row[], claimed: ReadonlySet<Row>): UnitDraft[] {
  const isLine = (row: Row) => row.borderless === true && !claimed.has(row);
  const starts: Array<{ index: number; kind: "project" | "department" }> = [];
  rows.forEach((row, index) => {
    if (!isLine(row)) return;
    const kind = isSubjectLine(row);
    if (kind) starts.push({ index, kind });
  });
  return starts.map((start, position) => {
    const end = starts[position + 1]?.index ?? rows.length;
    const unitRows = rows.slice(start.index, end).filter(isLine);
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
