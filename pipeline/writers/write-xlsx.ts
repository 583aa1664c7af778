import path from "node:path";
import ExcelJS from "exceljs";
import type { ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentResult } from "../../schemas/run-summary.js";
import { OutputWriteError } from "../errors.js";
import { writeFileAtomic } from "../io/write-file-atomic.js";
import { buildOutputTables } from "./build-output-tables.js";
import type { OutputTable } from "./output-table.js";
import { TABLE_NAMES } from "./table-name.js";
import { xlsxCell } from "./xlsx-cell.js";

/** Rows looked at to size a column: enough to see typical content without measuring a large run twice. */
const WIDTH_SAMPLE_ROWS = 200;

/**
 * Writes `records.xlsx` with the sheets projects, indicators, flags and documents: a bold frozen header
 * with a filter, text as string cells (never formulas), exact decimals as text beside integer `_fen` columns.
 * The workbook is built in memory and replaces the previous file atomically.
 */
export async function writeXlsx(outDir: string, records: readonly ProjectRecord[], documents: readonly DocumentResult[]): Promise<string[]> {
  const file = path.join(outDir, "records.xlsx");
  const tables = buildOutputTables(records, documents);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "disclosure-ingest";
  for (const name of TABLE_NAMES) addSheet(workbook, tables[name]);
  try {
    await writeFileAtomic(file, new Uint8Array(await workbook.xlsx.writeBuffer()));
  } catch (error) {
    throw new OutputWriteError(`Could not write ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return [file];
}

function addSheet(workbook: ExcelJS.Workbook, table: OutputTable): void {
  const sheet = workbook.addWorksheet(table.name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = table.columns.map((column, index) => ({
    header: column.name,
    key: column.name,
    width: columnWidth(column.name, table.rows.slice(0, WIDTH_SAMPLE_ROWS).map((row) => row[index] ?? null)),
    // Without "0", Excel shows a large 分 amount in scientific notation.
    ...(column.type === "integer" ? { style: { numFmt: "0" } } : {}),
  }));
  for (const row of table.rows) sheet.addRow(row.map((cell, index) => xlsxCell(cell, table.columns[index]?.type ?? "text")));
  sheet.getRow(1).font = { bold: true };
  if (table.columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
}

/** Width in Excel character units: a CJK character is two wide; long text is capped at 60. */
function columnWidth(header: string, cells: ReadonlyArray<string | number | boolean | null>): number {
  const widest = Math.max(displayWidth(header), ...cells.map((cell) => (cell === null ? 0 : displayWidth(String(cell).split("\n")[0] ?? ""))));
  return Math.min(60, Math.max(8, widest + 2));
}

function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(character) ? 2 : 1;
  return width;
}
