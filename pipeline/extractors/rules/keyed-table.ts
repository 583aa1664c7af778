import type { ExtractedProject } from "../../../schemas/extracted-project.js";
import type { DocumentContext, ProjectUnit } from "../../../schemas/project-unit.js";
import { matchLevel1, matchLevel2 } from "../../domain/taxonomy.js";
import { columnOfRole, kindOfHeader, readTableHeader, type TableHeader } from "../../tables/read-table-header.js";
import { readIndicatorRows } from "./indicator-rows.js";
import { projectFromForm } from "./project-from-form.js";
import { readKeyFields } from "./read-key-fields.js";
import type { RulesResult } from "./rules-result.js";

/** The indicator header of a form: the first row whose header names indicator columns, and where it is. */
function findIndicatorHeader(unit: ProjectUnit): { index: number; header: TableHeader } | null {
  for (const [index, row] of unit.rows.entries()) {
    const header = readTableHeader(row, unit.rows[index - 1]);
    if (header && kindOfHeader(header) === "indicator") return { index: index - (header.rows.length - 1), header };
  }
  return null;
}

/**
 * Reads one key–value form (grid and vertical families, and department-overall forms): label/value rows,
 * then an indicator header and one row per indicator. Every value is the text of a cell, trimmed, never
 * rewritten; an amount written with its unit (`100.00万元`) gives its digits, and the unit when no label does.
 */
export function extractKeyedTable(unit: ProjectUnit, context: DocumentContext): RulesResult {
  const uncertainties: string[] = [];
  const found = findIndicatorHeader(unit);
  const keys = readKeyFields(found ? unit.rows.slice(0, found.index) : unit.rows);
  uncertainties.push(...keys.problems);
  const header = projectFromForm(unit, context, keys, uncertainties);

  let indicators: ExtractedProject["indicators"] = [];
  if (found === null) {
    // Some budgets state their targets only as a paragraph: the goals are the record, with no indicators. A form
    // whose rows name indicator categories has an indicator table we could not find the header of.
    const namesLevels = unit.rows.some((row) => row.cells.some((cell) => matchLevel1(cell.text) !== null || matchLevel2(cell.text) !== null));
    if (namesLevels || header.goals === null) uncertainties.push("The form has no indicator header row (一级指标 / 二级指标 / 三级指标 / 指标值).");
  } else {
    if (columnOfRole(found.header, "value") === undefined) uncertainties.push(`The indicator header on page ${found.header.row.page} has no 指标值 column.`);
    const read = readIndicatorRows(unit.rows.slice(found.index + found.header.rows.length), found.header);
    indicators = read.indicators;
    uncertainties.push(...read.uncertainties);
    if (indicators.length === 0) uncertainties.push("The form has an indicator header but no indicator rows.");
  }
  return { project: { ...header, indicators }, uncertainties };
}
