import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import ExcelJS from "exceljs";
import { OutputWriteError } from "../errors.js";
import { temporaryPathFor } from "./atomic-file-writer.js";
import type { DocumentSource } from "./document-source.js";
import { dataDictionaryRows, TYPE_STORAGE } from "../../schemas/tables/data-dictionary.js";
import { TABLE_NAMES } from "../../schemas/tables/table-name.js";
import { outputTables, type OutputOptions, type OutputRow, type OutputTable } from "./output-table.js";
import { tableRows } from "./table-rows.js";
import { xlsxCell } from "./xlsx-cell.js";

/** Rows looked at to size a column: enough to see typical content without measuring a large run twice. */
const WIDTH_SAMPLE_ROWS = 200;

/** The sheet that explains every column, after the tables. */
const DICTIONARY_SHEET = "说明";

/**
 * Writes `records.xlsx` with the sheets projects, indicators, flags and documents (项目, 指标, 问题, 文件 with
 * `--headers zh`), then the data dictionary as the sheet 说明: a bold frozen header with a filter, text as
 * string cells (never formulas), money as numbers in 元 beside exact decimals as text and integer `_fen` columns.
 * The workbook is streamed into a temporary file that replaces the previous file once complete. A streamed
 * workbook is written one sheet after the other, so the documents are read once per sheet (twice for flags);
 * strings are written inline rather than shared, which keeps no table of every string in memory.
 */
export async function writeXlsx(outDir: string, documents: DocumentSource, options: OutputOptions = {}): Promise<string[]> {
  const file = path.join(outDir, "records.xlsx");
  const temporary = temporaryPathFor(file);
  let stream: ReturnType<typeof createWriteStream> | null = null;
  try {
    await mkdir(outDir, { recursive: true });
    stream = createWriteStream(temporary);
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    workbook.creator = "disclosure-ingest";
    const tables = outputTables(documents.manifestKeys, options.headers);
    for (const name of TABLE_NAMES) await writeSheet(workbook, tables[name], tableRows(documents, name));
    writeDictionarySheet(workbook, documents.manifestKeys, options.headers === "zh");
    await workbook.commit();
    await rename(temporary, file);
  } catch (error) {
    stream?.destroy();
    await rm(temporary, { force: true });
    if (error instanceof OutputWriteError) throw error;
    throw new OutputWriteError(`Could not write ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return [file];
}

/** One sheet, its rows committed as they come; the first rows wait until they have sized the columns. */
async function writeSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, table: OutputTable, rows: AsyncIterable<OutputRow>): Promise<void> {
  const sample: OutputRow[] = [];
  let sheet: ExcelJS.Worksheet | null = null;
  for await (const row of rows) {
    if (sheet === null && sample.length < WIDTH_SAMPLE_ROWS) {
      sample.push(row);
      continue;
    }
    sheet ??= openSheet(workbook, table, sample);
    addRow(sheet, table, row);
  }
  (sheet ?? openSheet(workbook, table, sample)).commit();
}

/** Adds the sheet with its columns sized from `sample`, writes the header and the sample rows. */
function openSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, table: OutputTable, sample: readonly OutputRow[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(table.title, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = table.columns.map((column, index) => ({
    header: column.header,
    key: column.name,
    width: columnWidth(column.header, sample.map((row) => row[index] ?? null)),
    // Without "0", Excel shows a large 分 amount in scientific notation; 元 read best with 分 and thousands.
    ...(column.type === "integer" ? { style: { numFmt: "0" } } : column.type === "number" && column.unit === "元" ? { style: { numFmt: "#,##0.00" } } : {}),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  if (table.columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  for (const row of sample) addRow(sheet, table, row);
  return sheet;
}

/** The 说明 sheet: one row per column of every table (this run's manifest columns included), then the type legend. */
function writeDictionarySheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, manifestKeys: readonly string[], chinese: boolean): void {
  const sheet = workbook.addWorksheet(DICTIONARY_SHEET, { views: [{ state: "frozen", ySplit: 1 }] });
  const header = chinese ? ["表", "列名", "中文列名", "类型", "单位", "含义"] : ["table", "column", "中文", "type", "unit", "meaning"];
  const widths = [12, 26, 22, 9, 10, 100];
  sheet.columns = header.map((name, index) => ({ header: name, key: String(index), width: widths[index] ?? 12 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (const row of dataDictionaryRows(manifestKeys)) {
    sheet.addRow([row.table, row.name, row.zh, row.type, row.unit, row.description].map((cell) => xlsxCell(cell, "text"))).commit();
  }
  sheet.addRow([]).commit();
  for (const [type, storage] of Object.entries(TYPE_STORAGE)) sheet.addRow(["", "", "", type, null, `CSV: ${storage.csv}; XLSX: ${storage.xlsx}; SQLite: ${storage.sqlite}`]).commit();
  sheet.commit();
}

function addRow(sheet: ExcelJS.Worksheet, table: OutputTable, row: OutputRow): void {
  sheet.addRow(row.map((cell, index) => xlsxCell(cell, table.columns[index]?.type ?? "text"))).commit();
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
