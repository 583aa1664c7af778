import { BLANK_PROJECT, type ExtractedProject, type MoneyUnit } from "../../../schemas/extracted-project.js";
import type { Row } from "../../../schemas/layout.js";
import type { DocumentContext, ProjectUnit } from "../../../schemas/project-unit.js";
import type { ColumnRole } from "../../domain/column-roles.js";
import { cellText } from "../../tables/cell-text-of-role.js";
import { columnOfRole, kindOfHeader, readTableHeader, type TableHeader } from "../../tables/read-table-header.js";
import { readIndicatorRows } from "./indicator-rows.js";
import { moneyUnitOfLabel, readAmount } from "./money-cells.js";
import { readCaptions } from "./read-captions.js";
import type { RulesResult } from "./rules-result.js";

/** The header of the table the unit's rows belong to (kept in its context rows). */
function tableHeader(unit: ProjectUnit): TableHeader | null {
  for (const [index, row] of unit.contextRows.entries()) {
    const header = readTableHeader(row, unit.contextRows[index - 1]);
    if (header && kindOfHeader(header) === "indicator-table") return header;
  }
  return null;
}

/**
 * Reads one project of a table with a row per indicator: the project's own cells (unit, name, code, amount,
 * goals), merged down beside its indicator rows or repeated on each of them, and one indicator per row, every
 * column read by the role its header names (comparator, number and unit in columns of their own, weight,
 * direction …).
 */
export function extractIndicatorTable(unit: ProjectUnit, context: DocumentContext): RulesResult {
  const uncertainties: string[] = [];
  const header = tableHeader(unit);
  if (header === null) {
    return { project: emptyProject(unit), uncertainties: ["The unit's table has no header naming its columns."] };
  }
  const first = (role: ColumnRole): string | null => {
    for (const row of unit.rows) {
      const text = cellText(row, header, role);
      if (text !== "") return text;
    }
    return null;
  };
  const distinct = (role: ColumnRole) => new Set(unit.rows.map((row) => cellText(row, header, role)).filter((text) => text !== ""));
  for (const role of ["projectName", "amount"] as const) {
    if (distinct(role).size > 1) uncertainties.push(`The project's rows give ${distinct(role).size} different ${columnOfRole(header, role)!.name} values (${[...distinct(role)].join(", ")}).`);
  }

  const captions = readCaptions(unit.captions);
  const amountText = first("amount");
  const amount = amountText === null ? null : readAmount(amountText);
  if (amountText !== null && amount === null) uncertainties.push(`The amount "${amountText}" is not a plain number.`);
  const amountColumn = columnOfRole(header, "amount");
  const moneyUnit: MoneyUnit | null =
    (amountColumn ? moneyUnitOfLabel(amountColumn.name) : null) ?? captions.moneyUnit ?? context.moneyUnit ?? amount?.unit ?? null;
  if (amountText !== null && moneyUnit === null) uncertainties.push(`The amount column "${amountColumn?.name ?? ""}" names no money unit, and no caption does.`);

  const part = (role: "fiscalAmount" | "carryoverAmount" | "otherAmount"): string | null => {
    const text = first(role);
    if (text === null) return null;
    const parsed = readAmount(text);
    if (parsed === null) uncertainties.push(`The amount "${text}" (${columnOfRole(header, role)!.name}) is not a plain number.`);
    return parsed?.digits ?? text;
  };

  const read = readIndicatorRows(unit.rows, header);
  uncertainties.push(...read.uncertainties);
  if (read.indicators.length === 0) uncertainties.push("The project's rows hold no indicator.");

  const project: ExtractedProject = {
    ...emptyProject(unit),
    projectName: first("projectName") ?? "",
    projectCode: first("projectCode"),
    // Where the table names each project's unit in a column of its own, the unit a caption names above the
    // table is the one over them all: the department.
    department: context.department ?? captions.department ?? (columnOfRole(header, "unitName") !== undefined ? captions.unitName : null),
    implementingUnit: first("unitName") ?? captions.unitName ?? context.implementingUnit,
    moneyUnit,
    totalAmount: amount?.digits ?? amountText,
    fiscalAmount: part("fiscalAmount"),
    carryoverAmount: part("carryoverAmount"),
    otherAmount: part("otherAmount"),
    goals: first("goals"),
    indicators: read.indicators,
  };
  if (project.projectName === "") uncertainties.push(`${describe(unit.rows[0])} has no project name.`);
  return { project, uncertainties };
}

function emptyProject(unit: ProjectUnit): ExtractedProject {
  return { ...BLANK_PROJECT, kind: unit.kind };
}

function describe(row: Row | undefined): string {
  return row ? `The row on page ${row.page}` : "The unit";
}
