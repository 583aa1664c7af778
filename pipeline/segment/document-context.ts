import type { MoneyUnit } from "../../schemas/extracted-project.js";
import type { LayoutDocument, Row } from "../../schemas/layout.js";
import type { DocumentContext, ProjectUnit } from "../../schemas/project-unit.js";
import { compact } from "../domain/cell-text.js";
import { MONEY_ROLES } from "../domain/column-roles.js";
import { isTotalName } from "../domain/total-row.js";
import { moneyUnitOfLabel } from "../extractors/rules/money-cells.js";
import { columnOfRole, headerColumnOf, readTableHeader, type TableHeader } from "../tables/read-table-header.js";
import { cellText } from "../tables/cell-text-of-role.js";
import { isCaption } from "./find-captions.js";
import { rowText } from "./unit-draft.js";

/** What the document says about itself before and around its units: title, region, year, department, totals. */
export function documentContext(layout: LayoutDocument, units: readonly ProjectUnit[], doubts: readonly string[]): DocumentContext {
  const firstUnitRow = units[0]?.contextRows[0] ?? units[0]?.rows[0];
  const firstIndex = firstUnitRow ? layout.rows.indexOf(firstUnitRow) : layout.rows.length;
  const preamble = layout.rows.slice(0, Math.max(0, firstIndex)).filter((row) => row.table === null);
  const freeLines = preamble.filter((row) => !isCaption(row)).map((row) => ({ text: rowText(row), page: row.page }));
  const title = freeLines.find((line) => /绩效目标/u.test(line.text) && /(19|20)\d\d\s*年/u.test(line.text))?.text ?? null;

  const moneyUnit = preamble.filter(isCaption).map((row) => moneyUnitOfCaption(rowText(row))).find((unit) => unit !== null) ?? null;
  const tableUnit = units.find((unit) => unit.family === "row-list" || unit.family === "indicator-table");
  const departmentRows = tableUnit ? departmentRowsOf(tableUnit, moneyUnit) : null;
  const overview = joinParagraphs(preamble.filter((row) => !isCaption(row)));
  const departmentTotal = departmentRows?.total ?? totalFromOverview(overview);

  const allText = [title ?? "", ...layout.rows.slice(0, firstIndex + 3).flatMap((row) => row.cells.map((cell) => cell.text))].join("\n");
  const yearMatch = /((?:19|20)\d\d)\s*年/u.exec(allText);
  const regionMatch = /([\u4e00-\u9fa5]{2,6}?(?:自治县|县|市|区|旗))/u.exec(
    [title ?? "", departmentRows?.department ?? "", ...units.flatMap((unit) => unit.rows.slice(0, 4).flatMap((row) => row.cells.map((cell) => cell.text)))].join("\n"),
  );
  return {
    path: layout.path,
    sha256: layout.sha256,
    pageCount: layout.pageCount,
    family: units[0]?.family ?? "grid",
    title,
    region: regionMatch?.[1] ?? null,
    year: yearMatch ? Number(yearMatch[1]) : null,
    department: departmentRows?.department ?? null,
    implementingUnit: departmentRows?.implementingUnit ?? null,
    departmentTotal,
    moneyUnit,
    overview,
    segmentationDoubts: [...doubts],
    ...(layout.pageDoubts && layout.pageDoubts.length > 0 ? { pageDoubts: layout.pageDoubts } : {}),
  };
}

/** `单位：元`, `金额单位：万元` inside a caption line. */
export function moneyUnitOfCaption(text: string): MoneyUnit | null {
  const match = /单位[:：](万元|元)/u.exec(compact(text));
  return match ? (match[1] as MoneyUnit) : null;
}

interface DepartmentRows {
  readonly department: string | null;
  readonly implementingUnit: string | null;
  readonly total: DocumentContext["departmentTotal"];
}

/**
 * A table with its projects' own columns opens with department rows (code, name, total, no indicator): the
 * first names the department, a second one the implementing unit; the first's amount is the department total.
 */
function departmentRowsOf(unit: ProjectUnit, captionUnit: MoneyUnit | null): DepartmentRows | null {
  const headerRow = unit.contextRows.find((row, index) => readTableHeader(row, unit.contextRows[index - 1]) !== null);
  const header = headerRow ? readTableHeader(headerRow, unit.contextRows[unit.contextRows.indexOf(headerRow) - 1]) : null;
  if (!header) return null;
  const rows = unit.contextRows.filter((row) => !header.rows.includes(row) && isDepartmentRow(row, header));
  if (rows.length === 0) return null;
  const amountColumn = columnOfRole(header, "amount");
  // The name (with its code, `004 某某局`) is what is not money: the amount columns, the total and its parts, are left out.
  const moneyColumns = header.columns.filter((column) => MONEY_ROLES.includes(column.role));
  const nameOf = (row: Row) =>
    row.cells
      .filter((cell) => {
        const text = cell.text.trim();
        if (text === "") return false;
        const column = headerColumnOf(cell, row, header);
        return column === null || !moneyColumns.includes(column);
      })
      .map((cell) => cell.text.trim())
      .join(" ");
  // A 合计 row (first or last) states the total of the projects but names nobody: the department is the first
  // row with a name, the total that row's amount or else the 合计 row's.
  const isTotal = (row: Row) => isTotalName(nameOf(row));
  const [first, second] = rows.filter((row) => !isTotal(row));
  const amountRow = first ?? rows.find(isTotal)!; // every department row has an amount (isDepartmentRow)
  const amount = cellText(amountRow, header, "amount");
  const unitLabel = (amountColumn ? moneyUnitOfLabel(amountColumn.name) : null) ?? captionUnit;
  return {
    department: first ? nameOf(first) : null,
    implementingUnit: second ? nameOf(second) : null,
    total: amount !== "" && unitLabel ? { raw: amount, unit: unitLabel, page: amountRow.page } : null,
  };
}

function isDepartmentRow(row: Row, header: TableHeader): boolean {
  const amount = cellText(row, header, "amount");
  return /^[\d.,]+$/u.test(amount) && row.cells.some((cell) => cell.text.trim() !== "" && cell.text.trim() !== amount);
}

/** A department overview that states the total of its projects, e.g. `共涉及资金290.05万元`. */
function totalFromOverview(overview: DocumentContext["overview"]): DocumentContext["departmentTotal"] {
  const found = overview.flatMap((paragraph) =>
    [...paragraph.text.matchAll(/(?:共涉及资金|项目资金合计|资金合计|资金总额|合计|总计|共计)[^\d。;]{0,6}?(\d+(?:\.\d+)?)\s*(万元|元)/gu)].map((match) => ({
      total: { raw: match[1]!, unit: match[2] as MoneyUnit, page: paragraph.page },
      // A total of the projects says so just before it (`共安排项目支出3个，合计…`); a budget total (收入预算总计) does not.
      aboutProjects: /项目/u.test(paragraph.text.slice(Math.max(0, match.index - 20), match.index)),
    })),
  );
  return (found.find((candidate) => candidate.aboutProjects) ?? found[0])?.total ?? null;
}

/** Overview lines wrapped by the page come back as paragraphs: a paragraph starts with an indented line. */
function joinParagraphs(rows: readonly Row[]): DocumentContext["overview"] {
  const paragraphs: DocumentContext["overview"] = [];
  const left = Math.min(...rows.map((row) => row.box.x));
  for (const row of rows) {
    const text = row.cells.map((cell) => cell.text).join(" ");
    const indented = row.box.x > left + 8;
    const previous = paragraphs.at(-1);
    if (previous && !indented && !/^[一二三四五六七八九十\d]+[、.]/u.test(text)) previous.text += text;
    else paragraphs.push({ text, page: row.page });
  }
  return paragraphs;
}
