import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CellValue } from "exceljs";
import { OUTPUT_WRITERS } from "./output-writers.js";
import { documentSourceOf } from "./document-source.js";
import { sampleRun, sampleSource } from "./test-run.js";

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), "output-writers-"));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

/** Every cell of every sheet: xlsx bytes carry the write time, so two workbooks are compared by content. */
async function workbookCells(file: string): Promise<Record<string, CellValue[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheets: Record<string, CellValue[][]> = {};
  for (const sheet of workbook.worksheets) {
    const rows: CellValue[][] = [];
    sheet.eachRow((row) => rows.push((row.values as CellValue[]).slice(1)));
    sheets[sheet.name] = rows;
  }
  return sheets;
}

describe("OUTPUT_WRITERS", () => {
  it("writes every tabular format into the output folder", async () => {
    const written: string[] = [];
    for (const writer of Object.values(OUTPUT_WRITERS)) written.push(...(await writer(outDir, sampleSource())));
    expect(written.map((file) => path.relative(outDir, file))).toEqual([
      "projects.csv",
      "indicators.csv",
      "flags.csv",
      "documents.csv",
      "records.xlsx",
      "records.sqlite",
    ]);
  });

  it("gives byte-identical CSV and SQLite files and identical workbook cells for the same documents with their records in another order", async () => {
    const first = sampleRun();
    // Units finish in any order in a concurrent run; the outputs must not depend on it.
    const reordered = sampleRun().documents.map((document) => ({ ...document, records: [...document.records].reverse() }));
    const firstDir = path.join(outDir, "first");
    const secondDir = path.join(outDir, "second");
    const firstFiles: string[] = [];
    const secondFiles: string[] = [];
    for (const writer of Object.values(OUTPUT_WRITERS)) {
      firstFiles.push(...(await writer(firstDir, documentSourceOf(first.documents))));
      secondFiles.push(...(await writer(secondDir, documentSourceOf(reordered))));
    }
    for (const [index, file] of firstFiles.entries()) {
      const other = secondFiles[index]!;
      if (file.endsWith(".xlsx")) expect(await workbookCells(other)).toEqual(await workbookCells(file));
      else expect((await readFile(other)).equals(await readFile(file)), path.basename(file)).toBe(true);
    }
  });
});
