import type { LayoutDocument, Row } from "../schemas/layout.js";
import type { LayoutFamily } from "../schemas/project-record.js";
import type { DocumentContext, ProjectUnit, SegmentedDocument } from "../schemas/project-unit.js";
import type { StageContext } from "./context.js";
import { compact, keyText } from "./domain/cell-text.js";
import { SegmentationError } from "./errors.js";
import { normalizeText } from "./normalize-text.js";

/**
 * Segment stage: split a document into project units, each with the document context it needs.
 *
 * Two shapes are recognised by their anchors, not by one county's wording:
 * - a keyed table per project (grid and vertical families): a row whose cell is the key `项目名称`;
 * - a row list (row-list family): a header row naming a project column and an indicator column, then one
 *   row per project.
 */
export async function segmentProjects(layout: LayoutDocument, _context: StageContext): Promise<SegmentedDocument> {
  const header = findRowListHeader(layout.rows);
  const units = header ? rowListUnits(layout.rows, header) : keyedTableUnits(layout.rows);
  if (units.length === 0) {
    throw new SegmentationError(
      `No project table found in ${layout.path}: no row names a 项目名称, and no header row has a project and an indicator column`,
      { document: layout.path },
    );
  }
  const family: LayoutFamily = header ? "row-list" : isVertical(units) ? "vertical" : "grid";
  for (const unit of units) unit.family = family;
  return { context: documentContext(layout, units, header), units };
}

const PROJECT_KEYS = ["项目名称"];
const INDICATOR_COLUMN_KEYS = ["绩效指标", "绩效指标值", "指标"];
const ROW_LIST_NAME_KEYS = ["单位及项目名称", "项目名称", "单位名称及项目名称"];

interface RowListHeader {
  row: Row;
  nameColumn: number;
  amountColumn: number | null;
  goalColumn: number | null;
  indicatorColumn: number;
  codeColumn: number | null;
}

function findRowListHeader(rows: Row[]): RowListHeader | null {
  for (const row of rows) {
    if (row.table === null || row.cells.length < 3) continue;
    const find = (keys: string[]) => row.cells.find((cell) => keys.includes(keyText(cell.text)))?.column ?? null;
    const nameColumn = find(ROW_LIST_NAME_KEYS);
    const indicatorColumn = find(INDICATOR_COLUMN_KEYS);
    // A keyed project table also has a 项目名称 cell, but never in the same row as the indicator column.
    if (nameColumn === null || indicatorColumn === null) continue;
    const amountColumn = row.cells.find((cell) => /金额|预算数|资金/.test(cell.text))?.column ?? null;
    const goalColumn = row.cells.find((cell) => /目标/.test(keyText(cell.text)) && !/指标/.test(cell.text))?.column ?? null;
    const codeColumn = row.cells.find((cell) => /编码|代码|序号/.test(cell.text))?.column ?? null;
    return { row, nameColumn, amountColumn, goalColumn, indicatorColumn, codeColumn };
  }
  return null;
}

function sameHeader(row: Row, header: Row): boolean {
  return row.cells.length === header.cells.length && row.cells.every((cell, index) => compact(cell.text) === compact(header.cells[index]!.text));
}

function rowListUnits(rows: Row[], header: RowListHeader): ProjectUnit[] {
  const columns = header.row.cells.map((cell) => compact(cell.text));
  const units: ProjectUnit[] = [];
  const cellAt = (row: Row, column: number | null) => (column === null ? undefined : row.cells.find((cell) => cell.column === column));
  let current: ProjectUnit | null = null;
  let started = false;
  const departmentRows = departmentRowsOf(rows, header);
  for (const row of rows) {
    if (row === header.row) {
      started = true;
      continue;
    }
    if (!started || row.table === null || sameHeader(row, header.row)) continue;
    const indicators = cellAt(row, header.indicatorColumn)?.text.trim() ?? "";
    const goals = cellAt(row, header.goalColumn)?.text.trim() ?? "";
    const name = cellAt(row, header.nameColumn)?.text.trim() ?? "";
    if (indicators === "" && goals === "") continue; // a department header row (code, name, total) repeated per page
    if (name === "" && current) {
      // The rest of a project row that a page break pushed to the next page.
      current.rows.push(row);
      for (const page of pagesOf(row)) if (!current.pages.includes(page)) current.pages.push(page);
      continue;
    }
    current = { index: units.length, family: "row-list", pages: pagesOf(row), heading: null, columns, rows: [row], contextRows: [header.row, ...departmentRows] };
    units.push(current);
  }
  return units;
}

/** The pages a row's text is on: its own, and the next one when a page break cut it. */
function pagesOf(row: Row): number[] {
  return row.continuedOnPage ? [row.page, row.continuedOnPage] : [row.page];
}

function isProjectAnchor(row: Row): boolean {
  return row.table !== null && row.cells.some((cell) => PROJECT_KEYS.includes(keyText(cell.text)));
}

function keyedTableUnits(rows: Row[]): ProjectUnit[] {
  // A unit starts at the first row of the table holding its 项目名称 row, at most a few rows above it
  // (vertical tables put the issuing unit and 单位:元 above the name).
  const starts: number[] = [];
  rows.forEach((row, index) => {
    if (!isProjectAnchor(row)) return;
    let start = index;
    while (
      start > 0 &&
      index - start < 3 &&
      rows[start - 1]!.table === row.table &&
      rows[start - 1]!.page === row.page &&
      (starts.length === 0 || start - 1 > starts.at(-1)!)
    ) {
      start--;
    }
    starts.push(start);
  });

  return starts.map((start, unitIndex) => {
    const end = starts[unitIndex + 1] ?? rows.length;
    const unitRows = rows.slice(start, end).filter((row) => row.table !== null);
    // A title may wrap over a few free lines just above the table.
    const headingLines: string[] = [];
    for (let index = start - 1; index >= 0 && index >= start - 3 && rows[index]!.table === null; index--) {
      headingLines.unshift(rows[index]!.cells.map((cell) => cell.text).join(" "));
    }
    // A Word field code can straddle the lines of a wrapped title, out of reach of the per-run pass.
    const heading = headingLines.length > 0 ? normalizeText(headingLines.join("")) : null;
    return {
      index: unitIndex,
      family: "grid",
      pages: [...new Set(unitRows.flatMap(pagesOf))],
      heading,
      columns: [],
      rows: unitRows,
      contextRows: [],
    };
  });
}

/** Vertical-family tables carry a description and a basis column, or a spending schedule. */
function isVertical(units: ProjectUnit[]): boolean {
  return units.some((unit) =>
    unit.rows.some((row) => row.cells.some((cell) => /绩效指标描述|指标值确定依据|资金支出计划/.test(compact(cell.text)))),
  );
}

function documentContext(layout: LayoutDocument, units: ProjectUnit[], header: RowListHeader | null): DocumentContext {
  const firstUnitRow = units[0]?.rows[0];
  const firstIndex = firstUnitRow ? layout.rows.indexOf(firstUnitRow) : layout.rows.length;
  const preamble = layout.rows.slice(0, Math.max(0, firstIndex)).filter((row) => row.table === null);
  const freeLines = preamble.map((row) => ({ text: row.cells.map((cell) => cell.text).join(" "), page: row.page }));
  const title = freeLines.find((line) => /绩效目标/.test(line.text) && /(19|20)\d\d\s*年/.test(line.text))?.text ?? null;

  let department: string | null = null;
  let implementingUnit: string | null = null;
  let departmentTotal: DocumentContext["departmentTotal"] = null;
  if (header) {
    // The first header-level row is the department; a second one, when present, the implementing unit.
    const [departmentRow, unitRow] = departmentRowsOf(layout.rows, header);
    const nameOf = (row: Row) => row.cells.filter((cell) => cell.column !== header.amountColumn).map((cell) => cell.text.trim()).join(" ");
    if (unitRow) implementingUnit = nameOf(unitRow);
    if (departmentRow) {
      department = nameOf(departmentRow);
      const amount = departmentRow.cells.find((cell) => cell.column === header.amountColumn)?.text.trim();
      const unit = /元/.test(header.row.cells.find((cell) => cell.column === header.amountColumn)?.text ?? "") && !/万元/.test(header.row.cells.find((cell) => cell.column === header.amountColumn)?.text ?? "") ? "元" : "万元";
      if (amount) departmentTotal = { raw: amount, unit, page: departmentRow.page };
    }
  }

  const overview = joinParagraphs(preamble);
  departmentTotal ??= totalFromOverview(overview);

  const allText = [title ?? "", ...layout.rows.slice(0, firstIndex + 3).flatMap((row) => row.cells.map((cell) => cell.text))].join("\n");
  const yearMatch = /((?:19|20)\d\d)\s*年/.exec(allText);
  const regionMatch = /([\u4e00-\u9fa5]{2,6}?(?:自治县|县|市|区|旗))/.exec(
    [title ?? "", department ?? "", ...units.flatMap((unit) => unit.rows.slice(0, 4).flatMap((row) => row.cells.map((cell) => cell.text)))].join("\n"),
  );
  return {
    path: layout.path,
    sha256: layout.sha256,
    pageCount: layout.pageCount,
    family: units[0]?.family ?? "grid",
    title,
    region: regionMatch?.[1] ?? null,
    year: yearMatch ? Number(yearMatch[1]) : null,
    department,
    implementingUnit,
    departmentTotal,
    overview,
  };
}

/** A department overview that states the total of its projects, e.g. `共涉及资金290.05万元`. */
function totalFromOverview(overview: DocumentContext["overview"]): DocumentContext["departmentTotal"] {
  for (const paragraph of overview) {
    const match = /(?:共涉及资金|项目资金合计|资金合计|资金总额|合计|总计|共计)[^\d。;]{0,6}?(\d+(?:\.\d+)?)\s*(万元|元)/.exec(paragraph.text);
    if (match) return { raw: match[1]!, unit: match[2] as "万元" | "元", page: paragraph.page };
  }
  return null;
}

/** The department-level rows (code, name, total, no indicators) of the first page, in order. */
function departmentRowsOf(rows: Row[], header: RowListHeader): Row[] {
  const start = rows.indexOf(header.row);
  const result: Row[] = [];
  for (const row of rows.slice(start + 1)) {
    if (row.table === null) continue;
    if (!isDepartmentRow(row, header)) break;
    result.push(row);
  }
  return result;
}

function isDepartmentRow(row: Row, header: RowListHeader): boolean {
  const byColumn = (column: number | null) => (column === null ? "" : row.cells.find((cell) => cell.column === column)?.text.trim() ?? "");
  return byColumn(header.indicatorColumn) === "" && byColumn(header.nameColumn) !== "" && /^[\d.]+$/.test(byColumn(header.amountColumn));
}

/** Overview lines wrapped by the page come back as paragraphs: a paragraph starts with an indented line. */
function joinParagraphs(rows: Row[]): DocumentContext["overview"] {
  const paragraphs: DocumentContext["overview"] = [];
  const left = Math.min(...rows.map((row) => row.box.x));
  for (const row of rows) {
    const text = row.cells.map((cell) => cell.text).join(" ");
    const indented = row.box.x > left + 8;
    const previous = paragraphs.at(-1);
    if (previous && !indented && !/^[一二三四五六七八九十\d]+[、.]/.test(text)) previous.text += text;
    else paragraphs.push({ text, page: row.page });
  }
  return paragraphs;
}
