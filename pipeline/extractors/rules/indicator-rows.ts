import type { ExtractedIndicator } from "../../../schemas/extracted-project.js";
import type { Row } from "../../../schemas/layout.js";
import { compact } from "../../domain/cell-text.js";
import { columnOfRole, kindOfHeader, readTableHeader, type TableHeader } from "../../tables/read-table-header.js";
import { describeRow } from "./describe-row.js";
import { placeIndicatorRow } from "./place-indicator-row.js";

/** The indicators of a keyed table, and sentences naming the rows the reading is unsure of. */
export interface IndicatorRowsResult {
  readonly indicators: ExtractedIndicator[];
  readonly uncertainties: string[];
}

// Rows that may follow the indicators in some templates (a 综合评定等级 checkbox row, remarks, sign-off):
// they end the indicator block and are no indicator.
const TRAILER_LABEL = /^(综合评定等级|评定等级|综合评价|备注|说明|填报说明|审核意见|审批意见|填表人|填报人|审核人|联系人|联系电话|填报日期|单位负责人|财务负责人)/u;

/** True for a row that ends an indicator block (a 综合评定等级 row, a sign-off line). */
export function isTrailerRow(row: Row): boolean {
  const first = row.cells.find((cell) => cell.text.trim() !== "");
  return first !== undefined && TRAILER_LABEL.test(compact(first.text));
}

/**
 * Reads the indicator rows that follow an indicator header. Level 1 and level 2 are carried down from the
 * row above where merged cells leave them empty; a new level 1 clears the carried level 2. Every column of
 * the header is read by its role; a column the vocabulary does not know is kept under its header's name.
 */
export function readIndicatorRows(rows: readonly Row[], header: TableHeader): IndicatorRowsResult {
  const indicators: ExtractedIndicator[] = [];
  const uncertainties: string[] = [];
  const has = (role: Parameters<typeof columnOfRole>[1]) => columnOfRole(header, role) !== undefined;
  let level1: string | null = null;
  let level2: string | null = null;
  // A table with no 二级指标 column leaves every level 2 empty: one doubt for the table, not one per row. The
  // name of an indicator does not settle its level 2 (完成时间 may be 时效 or 数量), so none is guessed; a
  // level 1 with a single level 2 (满意度指标) is resolved by the taxonomy rules, not written here.
  const noLevel2Column = !has("level2") && has("level1");
  if (noLevel2Column) uncertainties.push("The indicator table has no 二级指标 column: every level 2 is left empty.");

  for (const [index, row] of rows.entries()) {
    if (isRepeatedHeader(row, rows[index - 1])) continue; // the header repeated on the next page
    if (!row.cells.some((cell) => cell.text.trim() !== "")) continue;
    if (isTrailerRow(row)) break;

    const placed = placeIndicatorRow(row, header);
    const problems = [...placed.problems];
    if (placed.level1 !== null) {
      level1 = placed.level1;
      level2 = placed.level2;
    } else if (placed.level2 !== null) {
      level2 = placed.level2;
    }
    const text = placed.text;
    const level3 = text.level3 ?? "";
    const hasText = Object.values(text).some((part) => part !== undefined && part !== "") || placed.otherColumns.length > 0;
    if (!hasText) {
      if (problems.length > 0) uncertainties.push(`${describeRow(row)}: ${problems.join("; ")}.`);
      continue; // only level names: they open a group whose indicators follow
    }
    if (level3 === "") problems.push("the row has no indicator name (三级指标)");
    if (level1 === null) problems.push("no level 1 (一级指标) is given on or above the row");
    if (level2 === null && !noLevel2Column) problems.push("no level 2 (二级指标) is given on or above the row");
    if (problems.length > 0) uncertainties.push(`${describeRow(row)}: ${problems.join("; ")}.`);

    indicators.push({
      level1: level1 ?? "",
      level2: level2 ?? "",
      level3,
      value: text.value ?? "",
      valueComparator: has("comparator") || has("nature") ? (text.comparator ?? null) : null,
      valueUnit: has("unit") ? (text.unit ?? null) : null,
      weight: has("weight") ? (text.weight ?? null) : null,
      direction: has("direction") ? (text.direction ?? null) : null,
      nature: has("nature") || has("comparator") ? (text.nature ?? null) : null,
      description: has("description") ? (text.description ?? "") : null,
      basis: has("basis") ? (text.basis ?? "") : null,
      otherColumns: [
        ...(text.scoringRule ? [{ name: columnOfRole(header, "scoringRule")!.name, text: text.scoringRule }] : []),
        ...(text.remark ? [{ name: columnOfRole(header, "remark")!.name, text: text.remark }] : []),
        ...placed.otherColumns,
      ],
    });
  }
  return { indicators, uncertainties };
}

/** The header printed again on the next page (or a second header of the same kind further down). */
function isRepeatedHeader(row: Row, above: Row | undefined): boolean {
  const header = readTableHeader(row, above);
  return header !== null && kindOfHeader(header) !== null;
}
