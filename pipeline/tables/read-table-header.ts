import type { Box, Cell, Row } from "../../schemas/layout.js";
import { compact } from "../domain/cell-text.js";
import { roleOfHeaderText, type ColumnRole } from "../domain/column-roles.js";

/** One column a header row names: its role, its header text and the grid columns it covers. */
export interface HeaderColumn {
  readonly role: ColumnRole;
  /** The header text as written, spaces removed: the name an `other` column is kept under. */
  readonly name: string;
  /** First and last grid column the header cell covers. */
  readonly first: number;
  readonly last: number;
  readonly box: Box;
  /** A total a weight header states (`分值权重（90）`). */
  readonly statedTotal: string | null;
}

/** A table's header: the row (or two rows, for a two-level header) naming its columns, and the columns. */
export interface TableHeader {
  /** The lowest header row: data rows start below it. */
  readonly row: Row;
  /** Every row the header is made of, top first. */
  readonly rows: readonly Row[];
  readonly columns: readonly HeaderColumn[];
}

/** What a header says its table is. */
export type HeaderKind =
  /** One row per indicator inside a project's form (grid, vertical, department forms). */
  | "indicator"
  /** One row per indicator, with the project's own columns (unit, name, amount, goals) beside them. */
  | "indicator-table"
  /** One row per project, its indicators as a list in one cell. */
  | "row-list"
  /** A self-evaluation (绩效自评表: 实际完成值, 得分): a different document. */
  | "self-evaluation";

/**
 * Reads a row as a table header, or null when fewer than two of its cells name a column. `above` is the
 * row over it in the same table: a two-level header (`绩效指标` spanning 一级/二级/三级, or 项目名称 merged
 * down over both rows) keeps some column names there, in cells spanning down into this row.
 */
export function readTableHeader(row: Row, above?: Row): TableHeader | null {
  const named = row.cells.flatMap((cell) => headerColumn(cell));
  if (named.length < 2) return null;
  // In a row that names its columns, a cell the vocabulary does not know is a column of unknown role, kept
  // by its name (`风险等级`), never one whose cells are anybody's value.
  const unknown = row.cells.filter((cell) => roleOfHeaderText(cell.text) === null && isColumnName(cell.text)).map((cell) => otherColumn(cell));
  const columns: HeaderColumn[] = [...named, ...unknown];
  const rows: Row[] = [row];
  // Only an upper row that is itself all column names: a form's last label row (年度总体目标 merged over two
  // rows) above its indicator header is no part of the header.
  const aboveIsHeader = above !== undefined && above.cells.every((cell) => cell.text.trim() === "" || roleOfHeaderText(cell.text) !== null);
  if (above && aboveIsHeader && above.page === row.page && above.table === row.table && above.table !== null) {
    const spanning = above.cells.filter((cell) => cell.rowSpan >= 2 && !covers(columns, cell)).flatMap((cell) => headerColumn(cell));
    if (spanning.length > 0) {
      columns.push(...spanning);
      rows.unshift(above);
    }
  }
  columns.sort((a, b) => a.first - b.first);
  return { row, rows, columns: labelColumns(dedupeRoles(columns)) };
}

/** Beside level columns, `绩效指标` is the merged label of the indicator block, not a column of indicator lists. */
function labelColumns(columns: HeaderColumn[]): HeaderColumn[] {
  const hasLevels = columns.some((column) => column.role === "level1" || column.role === "level2" || column.role === "level3");
  return hasLevels ? columns.map((column) => (column.role === "indicatorList" ? { ...column, role: "blockLabel" } : column)) : columns;
}

function headerColumn(cell: Cell): HeaderColumn[] {
  const named = roleOfHeaderText(cell.text);
  if (named === null) return [];
  return [{ role: named.role, name: named.name, first: cell.column, last: cell.column + cell.columnSpan - 1, box: cell.box, statedTotal: named.statedTotal }];
}

function otherColumn(cell: Cell): HeaderColumn {
  return { role: "other", name: compact(cell.text), first: cell.column, last: cell.column + cell.columnSpan - 1, box: cell.box, statedTotal: null };
}

/** Short text without digits or comparators: the look of a column name, not of a value. */
function isColumnName(text: string): boolean {
  const label = compact(text);
  return label !== "" && label.length <= 12 && !/[\d≥≤<>=%]/u.test(label);
}

function covers(columns: readonly HeaderColumn[], cell: Cell): boolean {
  return columns.some((column) => column.first <= cell.column && cell.column <= column.last);
}

/** A role named twice (two goal columns, 年度指标值 beside 指标值) keeps its first column; the later one is `other`. */
function dedupeRoles(columns: readonly HeaderColumn[]): HeaderColumn[] {
  const seen = new Set<ColumnRole>();
  return columns.map((column) => {
    if (column.role === "other" || column.role === "blockLabel" || !seen.has(column.role)) {
      seen.add(column.role);
      return column;
    }
    return { ...column, role: "other" };
  });
}

/** What kind of table the header heads, or null when it heads none we read. */
export function kindOfHeader(header: TableHeader): HeaderKind | null {
  const has = (role: ColumnRole) => header.columns.some((column) => column.role === role);
  const indicator = has("level3") && (has("value") || has("level2")) && header.columns.length >= 3;
  if (indicator && has("evaluation")) return "self-evaluation";
  if (indicator && (has("projectName") || (has("unitName") && (has("amount") || has("goals"))))) return "indicator-table";
  if (indicator) return "indicator";
  if (has("projectName") && has("indicatorList")) return "row-list";
  return null;
}

/** The header column of a role, or undefined when the table has no such column. */
export function columnOfRole(header: TableHeader, role: ColumnRole): HeaderColumn | undefined {
  return header.columns.find((column) => column.role === role);
}

/**
 * The header column a cell of `row` falls under. Within the header's own table on its page the layout's grid
 * column is exact; a row on another page belongs to another table whose grid may number its columns
 * differently, so there the cell is placed by where its centre lies under the header's cells.
 */
export function headerColumnOf(cell: Cell, row: Row, header: TableHeader): HeaderColumn | null {
  if (row.page === header.row.page && row.table === header.row.table) {
    return header.columns.find((column) => column.first <= cell.column && cell.column <= column.last) ?? null;
  }
  return headerColumnAt(cell.box.x + cell.box.width / 2, header);
}

/** The header column over the point `x`: the one whose cell spans it, else the nearest. */
export function headerColumnAt(x: number, header: TableHeader): HeaderColumn | null {
  const under = header.columns.find((column) => column.box.x <= x && x <= column.box.x + column.box.width);
  if (under) return under;
  const distance = (column: HeaderColumn) => Math.abs(column.box.x + column.box.width / 2 - x);
  return header.columns.reduce<HeaderColumn | null>((nearest, column) => (nearest === null || distance(column) < distance(nearest) ? column : nearest), null);
}
