import type { LayoutDocument, Row } from "../schemas/layout.js";
import type { ProjectUnit, SegmentedDocument } from "../schemas/project-unit.js";
import type { StageContext } from "./context.js";
import { compact } from "./domain/cell-text.js";
import { matchLevel1, matchLevel2 } from "./domain/taxonomy.js";
import { NotATargetTableError } from "./errors.js";
import { captionsOf, isCaption } from "./segment/find-captions.js";
import { documentContext } from "./segment/document-context.js";
import { findFlattenedForms } from "./segment/find-flattened-forms.js";
import { findHeaders, findHeaderTables } from "./segment/find-header-tables.js";
import { findKeyedForms, isVerticalForm } from "./segment/find-keyed-forms.js";
import { findProseProjects } from "./segment/find-prose-projects.js";
import { rowText, type UnitDraft } from "./segment/unit-draft.js";
import { kindOfHeader, readTableHeader } from "./tables/read-table-header.js";

/**
 * Segment stage: split a document into units — one per project (or per department, for a department-overall
 * form) — each with the rows it is made of, the captions around it and the document context it needs.
 *
 * Readers are tried in order, each taking the rows it recognises, so a document may mix shapes:
 * 1. tables whose header names the projects' own columns (a row list; a table with a row per indicator and
 *    the project's cells merged down) — found by their header row, wherever it is;
 * 2. key–value forms (grid, vertical, department-overall), found by the cell that names their subject;
 * 3. forms whose borders a conversion lost, found by the same labels on borderless lines;
 * 4. where none of these found anything, budgets that state each project's targets as a numbered paragraph.
 * What no reader takes but looks like table content is reported as a doubt, and so is a document where nothing
 * was found: the extract stage then gives the whole document to the model, or fails it with that reason.
 */
export async function segmentProjects(layout: LayoutDocument, _context: StageContext): Promise<SegmentedDocument> {
  const rows = layout.rows;
  const claimed = new Set<Row>();
  const headers = findHeaders(rows);
  const drafts: UnitDraft[] = [...findHeaderTables(rows, headers, claimed)];
  claimAll(drafts, claimed);
  const keyed = findKeyedForms(rows, claimed);
  if (keyed.some((draft) => draft.kind === "project" && isVerticalForm(draft))) for (const draft of keyed) if (draft.kind === "project") draft.family = "vertical";
  drafts.push(...keyed);
  claimAll(keyed, claimed);
  const flattened = findFlattenedForms(rows, claimed);
  drafts.push(...flattened);
  claimAll(flattened, claimed);
  // Only where no table or form was found: a budget explanation's numbered prose, one project a heading.
  if (drafts.length === 0) drafts.push(...findProseProjects(rows, claimed));

  // A self-evaluation (绩效自评表) has the forms of a target table but reports 实际完成值 and 得分: its values are
  // last year's results, and reading them as targets would publish them as this year's.
  const selfEvaluation = headers.find((found) => found.kind === "self-evaluation");
  if (selfEvaluation && !headers.some((found) => found.kind !== "self-evaluation")) {
    throw new NotATargetTableError(
      `${layout.path} is a self-evaluation (绩效自评表): its table on page ${selfEvaluation.header.row.page} reports ${selfEvaluation.header.columns
        .filter((column) => column.role === "evaluation")
        .map((column) => column.name)
        .join(", ")}, not performance targets`,
      { document: layout.path },
    );
  }

  const ordered = drafts.sort((a, b) => firstIndex(rows, a) - firstIndex(rows, b));
  attachCaptions(rows, ordered);
  const units: ProjectUnit[] = ordered.map((draft, index) => ({ index, ...draft }));
  const doubts = drafts.length === 0 ? [nothingFound(rows, headers.length > 0)] : unreadRows(rows, units);
  return { context: documentContext(layout, units, doubts), units, rows };
}

function claimAll(drafts: readonly UnitDraft[], claimed: Set<Row>): void {
  for (const draft of drafts) for (const row of [...draft.rows, ...draft.contextRows]) claimed.add(row);
}

function firstIndex(rows: readonly Row[], draft: UnitDraft): number {
  const first = draft.contextRows.find((row) => rows.includes(row)) ?? draft.rows[0];
  return first ? rows.indexOf(first) : rows.length;
}

/**
 * Captions belong to the table: a row list's or an indicator table's units share the captions above the
 * table's header; a form takes those just above its own first row.
 */
function attachCaptions(rows: readonly Row[], drafts: UnitDraft[]): void {
  let floor = -1;
  const byTable = new Map<Row, Row[]>();
  for (const draft of drafts) {
    const own = [...draft.contextRows, ...draft.rows].map((row) => rows.indexOf(row)).filter((index) => index >= 0);
    if (own.length === 0) continue;
    const top = Math.min(...own);
    const bottom = Math.max(...draft.rows.map((row) => rows.indexOf(row)));
    const tableHead = draft.contextRows[0];
    const shared = tableHead ? byTable.get(tableHead) : undefined;
    draft.captions = shared ?? captionsOf(rows, top, bottom, floor);
    if (tableHead && !shared) byTable.set(tableHead, draft.captions);
    floor = Math.max(floor, bottom);
  }
}

/**
 * Table rows no unit holds that look like part of a project (a level name, or two or more filled cells): the
 * sign of a table the readers did not understand, which may hide projects.
 */
function unreadRows(rows: readonly Row[], units: readonly ProjectUnit[]): string[] {
  const held = new Set<Row>(units.flatMap((unit) => [...unit.rows, ...unit.contextRows, ...unit.captions]));
  // Department rows a table repeats on every page are held once, as context; their repeats are held too.
  const heldContext = new Set(units.flatMap((unit) => unit.contextRows.map((row) => compact(rowText(row)))));
  const firstHeld = Math.min(...[...held].map((row) => rows.indexOf(row)).filter((index) => index >= 0));
  const unread = rows.filter((row, index) => {
    if (held.has(row) || heldContext.has(compact(rowText(row))) || row.table === null || row.borderless || isCaption(row) || isHeaderRow(row, rows[index - 1])) return false;
    const filled = row.cells.filter((cell) => cell.text.trim() !== "");
    const namesLevel = filled.some((cell) => matchLevel1(cell.text) !== null || matchLevel2(cell.text) !== null);
    // Tables before the first unit with no level name are overviews (department budgets, contents), not projects.
    return namesLevel || (filled.length >= 2 && index > firstHeld);
  });
  if (unread.length === 0) return [];
  const pages = [...new Set(unread.map((row) => row.page))];
  const example = rowText(unread[0]!);
  return [
    `${unread.length} table row${unread.length === 1 ? "" : "s"} on page${pages.length === 1 ? "" : "s"} ${pages.join(", ")} belong${unread.length === 1 ? "s" : ""} to no project (first: "${example.length > 40 ? `${example.slice(0, 40)}…` : example}"): a table may have been misread`,
  ];
}

/** A header row (repeated on a later page, or heading a table no unit took) is no content of its own. */
function isHeaderRow(row: Row, above: Row | undefined): boolean {
  const header = readTableHeader(row, above);
  return header !== null && kindOfHeader(header) !== null;
}

/** Why nothing was found, naming what was looked for. */
function nothingFound(rows: readonly Row[], sawHeader: boolean): string {
  const tables = rows.filter((row) => row.table !== null && !row.borderless).length;
  const lines = rows.filter((row) => row.borderless).length;
  return [
    "No project was found:",
    "no cell or line names 项目名称 or 部门名称,",
    sawHeader ? "and the indicator headers found have no project columns," : "no table header names 一级指标/二级指标/三级指标 with a 指标值 column or a row list's 项目名称 and 绩效指标,",
    `in ${tables} table row${tables === 1 ? "" : "s"} and ${lines} borderless line${lines === 1 ? "" : "s"}.`,
  ].join(" ");
}
