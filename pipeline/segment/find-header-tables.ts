import type { Row } from "../../schemas/layout.js";
import type { ColumnRole } from "../domain/column-roles.js";
import { compact } from "../domain/cell-text.js";
import { fieldOfLabel } from "../domain/field-labels.js";
import { cellText } from "../tables/cell-text-of-role.js";
import { kindOfHeader, readTableHeader, type HeaderKind, type TableHeader } from "../tables/read-table-header.js";
import { pagesOfRows, type UnitDraft } from "./unit-draft.js";

/** A header row found in the document, with the kind of table it heads. */
export interface FoundHeader {
  readonly index: number;
  readonly header: TableHeader;
  readonly kind: HeaderKind;
}

/** Every table header of a kind we read, in reading order (a header repeated on each page is found each time). */
export function findHeaders(rows: readonly Row[]): FoundHeader[] {
  const found: FoundHeader[] = [];
  rows.forEach((row, index) => {
    if (row.table === null) return;
    const header = readTableHeader(row, rows[index - 1]);
    const kind = header ? kindOfHeader(header) : null;
    if (header && kind) found.push({ index, header, kind });
  });
  return found;
}

/**
 * Units of tables that carry their projects' own columns: a row list (one row per project, the indicators as a
 * list in one cell) and a table with a row per indicator whose project cells (unit, name, amount, goals) are
 * merged down beside them or repeated on every row. The header names the columns; a row belongs to the
 * project named in its project-name cell, or — where that cell is merged or left blank — to the project above.
 * The header's own row is never a project, and neither is a department row (code, name, total, no indicator).
 */
export function findHeaderTables(rows: readonly Row[], headers: readonly FoundHeader[], claimed: Set<Row>): UnitDraft[] {
  const drafts: UnitDraft[] = [];
  const tableHeaders = headers.filter((found) => found.kind === "row-list" || found.kind === "indicator-table");
  for (const [position, first] of tableHeaders.entries()) {
    if (claimed.has(first.header.row)) continue; // a repeat of an earlier header: its rows are read with it
    const repeats = tableHeaders.slice(position + 1).filter((later) => later.kind === first.kind && sameColumns(later.header, first.header));
    const end = endOfTable(rows, first, tableHeaders.slice(position + 1).find((later) => !repeats.includes(later)));
    const run = rows.slice(first.index, end).filter((row) => !claimed.has(row));
    drafts.push(...readTableUnits(run, first, repeats));
    for (const row of run) if (row.table !== null) claimed.add(row);
  }
  return drafts;
}

/**
 * A table runs to the next header of another kind (or another column set), to the first row of a key–value
 * form (a cell labelled 项目名称 or 部门名称: data rows hold names, never that label), or to the document's end.
 */
function endOfTable(rows: readonly Row[], first: FoundHeader, next: FoundHeader | undefined): number {
  const limit = next ? next.index - (next.header.rows.length - 1) : rows.length;
  for (let index = first.index + 1; index < limit; index++) {
    const row = rows[index]!;
    if (row.table !== null && !readTableHeader(row, rows[index - 1]) && row.cells.some((cell) => isSubjectLabelCell(cell.text))) return index;
  }
  return limit;
}

function isSubjectLabelCell(text: string): boolean {
  const field = fieldOfLabel(text);
  return field === "projectName" || field === "departmentName";
}

function sameColumns(a: TableHeader, b: TableHeader): boolean {
  const roles = (header: TableHeader) => header.columns.map((column) => `${column.role}:${column.name}`).join("|");
  return roles(a) === roles(b);
}

function readTableUnits(run: readonly Row[], first: FoundHeader, repeats: readonly FoundHeader[]): UnitDraft[] {
  const family = first.kind === "row-list" ? "row-list" : "indicator-table";
  const headerRows = new Set([first, ...repeats].flatMap((found) => found.header.rows));
  const contextRows: Row[] = [...first.header.rows];
  const drafts: UnitDraft[] = [];
  let header = first.header;
  let current: UnitDraft | null = null;
  let currentName = "";

  for (const row of run) {
    if (headerRows.has(row)) {
      // The header printed again on a later page: rows below it are placed under this copy's columns.
      const repeat = repeats.find((found) => found.header.row === row);
      if (repeat) header = repeat.header;
      continue;
    }
    if (row.table === null) continue; // titles, captions and page numbers between the pages of the table
    const text = (role: ColumnRole) => cellText(row, header, role);
    const name = text("projectName");
    const hasIndicators = family === "row-list" ? text("indicatorList") !== "" || text("goals") !== "" : hasIndicatorText(row, header);
    if (!hasIndicators) {
      // A department row (code, name, total) or a unit row, repeated on every page: context for the projects.
      if (row.cells.some((cell) => cell.text.trim() !== "") && !contextRows.some((known) => sameText(known, row))) contextRows.push(row);
      continue;
    }
    const startsProject = name !== "" && (current === null || compact(name) !== currentName || family === "row-list");
    if (startsProject) {
      current = {
        kind: "project",
        family,
        pages: [],
        heading: null,
        columns: header.columns.map((column) => column.name),
        rows: [],
        contextRows: [...contextRows],
        captions: [],
      };
      currentName = compact(name);
      drafts.push(current);
    }
    if (current === null) {
      // Indicator rows before any project name: nothing says whose they are. Left unclaimed, they are a doubt.
      continue;
    }
    current.rows.push(row);
    current.pages = pagesOfRows(current.rows);
  }
  return drafts;
}

function sameText(a: Row, b: Row): boolean {
  const text = (row: Row) => row.cells.map((cell) => compact(cell.text)).join("|");
  return text(a) === text(b);
}

function hasIndicatorText(row: Row, header: TableHeader): boolean {
  return (["level1", "level2", "level3", "value"] as const).some((role) => cellText(row, header, role) !== "");
}
