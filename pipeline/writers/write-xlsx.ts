import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { OutputWriteError } from "../errors.js";
import { temporaryPathFor } from "./atomic-file-writer.js";
import type { DocumentSource } from "./document-source.js";
import { dataDictionaryRows, TYPE_STORAGE } from "../../schemas/tables/data-dictionary.js";
import { TABLE_NAMES } from "../../schemas/tables/table-name.js";
import { outputTables, type OutputOptions, type OutputRow, type OutputTable } from "./output-table.js";
import { tableRows } from "./table-rows.js";
import { xlsxCell } from "./xlsx-cell.js";
import { columnWidth } from "./xlsx/column-width.js";
import { CELL_STYLE, type CellStyle } from "./xlsx/styles.js";
import { EXCEL_SHEET_LIMITS, TableSheets, type SheetLimits } from "./xlsx/table-sheets.js";
import { XlsxPackage } from "./xlsx/xlsx-package.js";

/** Rows looked at to size a column: enough to see typical content without measuring a large run twice. */
const WIDTH_SAMPLE_ROWS = 200;

/** The sheet that explains every column, after the tables. */
const DICTIONARY_SHEET = "说明";

/** The workbook's author in its document properties. */
const CREATOR = "disclosure-ingest";

/**
 * Writes `records.xlsx` with the sheets projects, indicators, flags and documents (项目, 指标, 问题, 文件 with
 * `--headers zh`), then the data dictionary as the sheet 说明: a bold frozen header with a filter, text as
 * string cells (never formulas), money as numbers in 元 beside exact decimals as text and integer `_fen` columns.
 * The workbook is streamed into a temporary file that replaces the previous file once complete. Sheets are
 * written one after the other, so the documents are read once per sheet (twice for flags); strings are written
 * inline rather than shared, which keeps no table of every string in memory. A table longer than a sheet goes
 * on in `indicators (2)` and so on (see `TableSheets`).
 */
export async function writeXlsx(outDir: string, documents: DocumentSource, options: OutputOptions = {}): Promise<string[]> {
  return writeXlsxWithin(EXCEL_SHEET_LIMITS, outDir, documents, options);
}

/** `writeXlsx` with other sheet limits. Internal: tests lower them to reach the row limit with a few rows. */
export async function writeXlsxWithin(limits: SheetLimits, outDir: string, documents: DocumentSource, options: OutputOptions = {}): Promise<string[]> {
  const file = path.join(outDir, "records.xlsx");
  const temporary = temporaryPathFor(file);
  let workbook: XlsxPackage | null = null;
  try {
    await mkdir(outDir, { recursive: true });
    workbook = new XlsxPackage(temporary);
    const tables = outputTables(documents.manifestKeys, options.headers);
    for (const name of TABLE_NAMES) await writeTable(workbook, tables[name], tableRows(documents, name), limits);
    await writeDictionarySheet(workbook, documents.manifestKeys, options.headers === "zh");
    await workbook.close(CREATOR);
    await rename(temporary, file);
  } catch (error) {
    await workbook?.discard();
    // Cleaning up must not hide why the write failed (rm throws ENOTDIR when the folder is a file).
    await rm(temporary, { force: true }).catch(() => undefined);
    if (error instanceof OutputWriteError) throw error;
    throw new OutputWriteError(`Could not write ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return [file];
}

/** One table, its rows written as they come; the first rows wait until they have sized the columns. */
async function writeTable(workbook: XlsxPackage, table: OutputTable, rows: AsyncIterable<OutputRow>, limits: SheetLimits): Promise<void> {
  const sample: OutputRow[] = [];
  let sheets: TableSheets | null = null;
  for await (const row of rows) {
    if (sheets === null && sample.length < WIDTH_SAMPLE_ROWS) {
      sample.push(row);
      continue;
    }
    sheets ??= await openTable(workbook, table, sample, limits);
    await sheets.writeRow(tableCells(table, row));
  }
  sheets ??= await openTable(workbook, table, sample, limits);
  await sheets.ensureSheet();
}

/** The table's sheets with their columns sized from `sample`, the sample rows written. */
async function openTable(workbook: XlsxPackage, table: OutputTable, sample: readonly OutputRow[], limits: SheetLimits): Promise<TableSheets> {
  const frame = {
    widths: table.columns.map((column, index) => columnWidth(column.header, sample.map((row) => row[index] ?? null))),
    styles: table.columns.map(columnStyle),
    filtered: true,
  };
  const sheets = new TableSheets(workbook, table.title, table.columns.map((column) => column.header), frame, limits);
  for (const row of sample) await sheets.writeRow(tableCells(table, row));
  return sheets;
}

/** A column's cell format from its type and unit (see `CELL_STYLE`). */
function columnStyle(column: OutputTable["columns"][number]): CellStyle {
  if (column.type === "integer") return CELL_STYLE.integer;
  return column.type === "number" && column.unit === "元" ? CELL_STYLE.yuan : CELL_STYLE.general;
}

function tableCells(table: OutputTable, row: OutputRow): Array<string | number | boolean | null> {
  return row.map((cell, index) => xlsxCell(cell, table.columns[index]?.type ?? "text"));
}

/**
 * The 说明 sheet: one row per column of every table (this run's manifest columns included), an empty row,
 * then the type legend. One sheet always: its rows are the columns of the tables, nowhere near a sheet's limit.
 */
async function writeDictionarySheet(workbook: XlsxPackage, manifestKeys: readonly string[], chinese: boolean): Promise<void> {
  const header = chinese ? ["表", "列名", "中文列名", "类型", "单位", "含义"] : ["table", "column", "中文", "type", "unit", "meaning"];
  const sheet = await workbook.addSheet(DICTIONARY_SHEET, { widths: [12, 26, 22, 9, 10, 100], styles: header.map(() => CELL_STYLE.general), filtered: false });
  await sheet.writeHeader(header);
  for (const row of dataDictionaryRows(manifestKeys)) {
    await sheet.writeRow([row.table, row.name, row.zh, row.type, row.unit, row.description].map((cell) => xlsxCell(cell, "text")));
  }
  await sheet.writeRow([]);
  for (const [type, storage] of Object.entries(TYPE_STORAGE)) await sheet.writeRow(["", "", "", type, null, `CSV: ${storage.csv}; XLSX: ${storage.xlsx}; SQLite: ${storage.sqlite}`]);
}
