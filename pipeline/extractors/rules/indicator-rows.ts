import { NO_INDICATOR_EXTRAS, type ExtractedIndicator } from "../../../schemas/extracted-project.js";
import type { Row } from "../../../schemas/layout.js";
import { compact } from "../../domain/cell-text.js";
import { describeRow } from "./describe-row.js";
import { columnOfRole, readIndicatorHeader, type IndicatorHeader } from "./indicator-header.js";
import { placeIndicatorRow } from "./place-indicator-row.js";

/** The indicators of a keyed table, and sentences naming the rows the reading is unsure of. */
export interface IndicatorRowsResult {
  readonly indicators: ExtractedIndicator[];
  readonly uncertainties: string[];
}

// Rows that may follow the indicators in some templates (a 综合评定等级 checkbox row, remarks, sign-off):
// they end the indicator block and are no indicator.
const TRAILER_LABEL = /^(综合评定等级|评定等级|综合评价|备注|说明|填报说明|审核意见|审批意见|填表人|填报人|审核人|联系人|联系电话|填报日期)/;

/**
 * Reads the indicator rows that follow an indicator header. Level 1 and level 2 are carried down from the
 * row above where merged cells leave them empty; a new level 1 clears the carried level 2.
 */
export function readIndicatorRows(rows: readonly Row[], header: IndicatorHeader): IndicatorRowsResult {
  const indicators: ExtractedIndicator[] = [];
  const uncertainties: string[] = [];
  const hasDescription = columnOfRole(header, "description") !== undefined;
  const hasBasis = columnOfRole(header, "basis") !== undefined;
  let level1: string | null = null;
  let level2: string | null = null;

  for (const row of rows) {
    if (readIndicatorHeader(row)) continue; // the header repeated on the next page
    const first = row.cells.find((cell) => cell.text.trim() !== "");
    if (!first) continue;
    if (TRAILER_LABEL.test(compact(first.text))) break;

    const placed = placeIndicatorRow(row, header);
    const problems = [...placed.problems];
    if (placed.level1 !== null) {
      level1 = placed.level1;
      level2 = placed.level2;
    } else if (placed.level2 !== null) {
      level2 = placed.level2;
    }
    const { level3 = "", value = "", description = "", basis = "" } = placed.text;
    if (level3 === "" && value === "" && description === "" && basis === "") {
      if (problems.length > 0) uncertainties.push(`${describeRow(row)}: ${problems.join("; ")}.`);
      continue; // only level names: they open a group whose indicators follow
    }
    if (level3 === "") problems.push("the row has no indicator name (三级指标)");
    if (level1 === null) problems.push("no level 1 (一级指标) is given on or above the row");
    if (level2 === null) problems.push("no level 2 (二级指标) is given on or above the row");
    if (problems.length > 0) uncertainties.push(`${describeRow(row)}: ${problems.join("; ")}.`);

    indicators.push({
      ...NO_INDICATOR_EXTRAS,
      level1: level1 ?? "",
      level2: level2 ?? "",
      level3,
      value,
      description: hasDescription ? description : null,
      basis: hasBasis ? basis : null,
    });
  }
  return { indicators, uncertainties };
}
