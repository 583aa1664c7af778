import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dataDictionaryRows } from "../../schemas/tables/data-dictionary.js";
import { documentSourceOf } from "./document-source.js";
import { outputTables } from "./output-table.js";
import { FORMULA_LIKE_NAME, GOALS_WITH_LINE_BREAKS, sampleRun, sampleSource } from "./test-run.js";
import { writeXlsx } from "./write-xlsx.js";

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), "write-xlsx-"));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

async function writeAndOpen(options: Parameters<typeof writeXlsx>[2] = {}): Promise<ExcelJS.Workbook> {
  const [file] = await writeXlsx(outDir, sampleSource(), options);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file!);
  return workbook;
}

/** Excel's reading of the ST_Xstring escapes `_xHHHH_` in cell text, which exceljs leaves to its caller for inline strings. */
function decodeExcelEscapes(text: string): string {
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The sample run with `goals` of its records replaced, in order: document text a writer must carry as written. */
function runWithGoals(goals: readonly string[]): ReturnType<typeof sampleRun>["documents"] {
  let next = 0;
  return sampleRun().documents.map((document) => ({ ...document, records: document.records.map((record) => ({ ...record, goals: goals[next++ % goals.length] ?? null })) }));
}

/** A sheet's rows as objects keyed by the header row, with each cell's value as exceljs reads it. */
function rowsOf(workbook: ExcelJS.Workbook, name: string): Array<Record<string, ExcelJS.Cell>> {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Array<Record<string, ExcelJS.Cell>> = [];
  sheet.eachRow((row, number) => {
    if (number > 1) rows.push(Object.fromEntries(header.map((name, index) => [name, row.getCell(index + 1)])));
  });
  return rows;
}

describe("writeXlsx", () => {
  it("writes the sheets projects, indicators, flags and documents with a frozen, filtered header", async () => {
    const workbook = await writeAndOpen();
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["projects", "indicators", "flags", "documents", "说明"]);
    const indicators = workbook.getWorksheet("indicators")!;
    expect(indicators.getRow(1).getCell(1).value).toBe("record_id");
    expect(indicators.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(indicators.autoFilter).toBeTruthy();
    expect(indicators.rowCount).toBe(12);
  });

  it("keeps Chinese text and a goals cell with its line breaks, written as Excel's LF", async () => {
    const projects = rowsOf(await writeAndOpen(), "projects");
    expect(projects[0]?.name?.value).toBe("信访档案整理及工作经费");
    expect(projects[0]?.goals?.value).toBe(GOALS_WITH_LINE_BREAKS.replace("\r\n", "\n"));
  });

  it("stores formula-like document text as a string cell, never as a formula", async () => {
    const indicators = rowsOf(await writeAndOpen(), "indicators");
    const injected = indicators.find((row) => row.level3?.value === FORMULA_LIKE_NAME)?.level3;
    expect(injected?.type).toBe(ExcelJS.ValueType.String);
    expect(injected?.formula).toBeUndefined();
    const equals = indicators.find((row) => row.level3?.value === "合格率")?.value_raw;
    expect(equals?.value).toBe("=100%");
    expect(equals?.type).toBe(ExcelJS.ValueType.String);
    for (const row of indicators) for (const cell of Object.values(row)) expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
  });

  it("writes money as exact decimal text beside an integer 分 number", async () => {
    const projects = rowsOf(await writeAndOpen(), "projects");
    expect(projects[1]?.total?.value).toBe("291.88");
    expect(projects[1]?.total_fen?.value).toBe(291_880_000);
    expect(projects[1]?.total_fen?.type).toBe(ExcelJS.ValueType.Number);
    expect(projects[3]?.fiscal?.value).toBeNull();
    expect(projects[3]?.fiscal_raw?.value).toBe("约8000");
  });

  it("writes money in 元 as number cells that SUM adds up across units, formatted with 分", async () => {
    const projects = rowsOf(await writeAndOpen(), "projects");
    expect(projects.map((row) => [row.money_unit?.value, row.total_yuan?.type, row.total_yuan?.value])).toEqual([
      ["万元", ExcelJS.ValueType.Number, 12_800],
      ["万元", ExcelJS.ValueType.Number, 2_918_800],
      ["元", ExcelJS.ValueType.Number, 195_000],
      ["元", ExcelJS.ValueType.Number, 8_000.5],
    ]);
    expect(projects[0]?.total_yuan?.numFmt).toBe("#,##0.00");
    expect(projects[3]?.fiscal_yuan?.value).toBeNull();
    expect(projects[1]?.department_total_yuan?.value).toBe(2_918_800);
    // The exact forms stay beside it: the document's decimal as text, 分 as an integer.
    expect(projects[1]?.total?.value).toBe("291.88");
    expect(projects[1]?.total_fen?.value).toBe(291_880_000);
  });

  it("writes parsed target numbers, money targets in 元, weights and confidence as number cells", async () => {
    const indicators = rowsOf(await writeAndOpen(), "indicators");
    const cost = indicators.find((row) => row.level3?.value === "预计全年装订信访档案成本");
    expect([cost?.value_number?.value, cost?.value_fen?.value, cost?.value_yuan?.value]).toEqual([0.5, 500_000, 5_000]);
    expect(cost?.value_raw?.value).toBe("≥0.5万元");
    expect(indicators.find((row) => row.level3?.value === "资金拨付及时率")?.weight?.value).toBe(10);
    expect(rowsOf(await writeAndOpen(), "projects")[0]?.confidence?.value).toBe(1);
  });

  it("writes parsed values with numbers as number cells and booleans as booleans", async () => {
    const indicators = rowsOf(await writeAndOpen(), "indicators");
    const negative = indicators.find((row) => row.level3?.value === "信访积案同比变化");
    expect(negative?.value_number?.value).toBe(-5);
    expect(negative?.value_number?.type).toBe(ExcelJS.ValueType.Number);
    expect(negative?.value_approximate?.value).toBe(false);
    expect(negative?.position?.value).toBe(4);
  });

  it("explains every column of every sheet in the 说明 sheet, from the definitions the sheets are written from", async () => {
    const workbook = await writeAndOpen();
    const dictionary = rowsOf(workbook, "说明").filter((row) => row.table?.value);
    const manifestKeys = sampleSource().manifestKeys;
    expect(dictionary.map((row) => [row.table?.value, row.column?.value, row.中文?.value, row.type?.value])).toEqual(
      dataDictionaryRows(manifestKeys).map((row) => [row.table, row.name, row.zh, row.type]),
    );
    const tables = outputTables(manifestKeys);
    for (const name of ["projects", "indicators", "flags", "documents"] as const) {
      const header = (workbook.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual(tables[name].columns.map((column) => column.name));
      expect(dictionary.filter((row) => row.table?.value === name).map((row) => row.column?.value)).toEqual(header);
    }
    expect(dictionary.every((row) => String(row.meaning?.value ?? "").length > 10)).toBe(true);
  });

  it("writes Chinese sheet names and headers with --headers zh", async () => {
    const workbook = await writeAndOpen({ headers: "zh" });
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["项目", "指标", "问题", "文件", "说明"]);
    const indicators = rowsOf(workbook, "指标");
    expect(indicators[0]).toMatchObject({ 项目名称: { value: "信访档案整理及工作经费" }, 一级指标: { value: "产出指标" }, 指标值: { value: "≥30批" } });
    expect((workbook.getWorksheet("说明")!.getRow(1).values as unknown[]).slice(1)).toEqual(["表", "列名", "中文列名", "类型", "单位", "含义"]);
  });

  it("keeps a control character that XML cannot hold as Excel's _xHHHH_ escape, so Excel opens the file without repairing it", async () => {
    const indicators = rowsOf(await writeAndOpen(), "indicators");
    const basis = indicators.find((row) => row.level3?.value === "资金拨付及时率")?.basis;
    // exceljs hands inline text over undecoded; Excel, WPS and LibreOffice read the form feed the CSV keeps.
    expect(basis?.value).toBe("往年经验_x000C_数据");
    expect(decodeExcelEscapes(String(basis?.value))).toBe("往年经验\f数据");
  });

  it("lists flags with their record and project, and failed documents with their error", async () => {
    const workbook = await writeAndOpen();
    const flags = rowsOf(workbook, "flags");
    expect(flags).toHaveLength(6);
    expect(flags[1]?.project_name?.value).toBe("政府大型公务活动项目经费");
    expect(flags[5]?.record_id?.value).toBeNull();
    const documents = rowsOf(workbook, "documents");
    expect(documents[0]?.error_code?.value).toBe("pdf_unreadable");
  });

  it("writes every row of a sheet longer than the rows it sizes the columns from, in order", async () => {
    // 30 copies under other names and ids: 330 indicator rows, more than the 200 the column widths look at.
    const documents = Array.from({ length: 30 }, (_, copy) =>
      sampleRun().documents.map((document) => {
        const copyPath = `copies/${String(copy).padStart(2, "0")}/${document.path}`;
        return { ...document, path: copyPath, records: document.records.map((record) => ({ ...record, id: `${copy}-${record.id}`, document: { ...record.document, path: copyPath } })) };
      }),
    ).flat();
    const [file] = await writeXlsx(outDir, documentSourceOf(documents));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file!);
    const indicators = rowsOf(workbook, "indicators");
    expect(indicators).toHaveLength(330);
    expect(indicators[0]?.record_id?.value).toBe("0-cf3f15496d9d5f33-000");
    expect(indicators[329]?.record_id?.value).toBe("29-da12ff3c3ef1dc10-007");
    expect(indicators.map((row) => Number(String(row.record_id?.value).split("-")[0]))).toEqual([...Array(30).keys()].flatMap((copy) => Array<number>(11).fill(copy)));
    expect(workbook.getWorksheet("indicators")!.getRow(1).font).toMatchObject({ bold: true });
    expect(indicators[0]?.year?.numFmt).toBe("0");
  });

  it("carries document text with XML's special characters, characters XML forbids, lone surrogates and literal _xHHHH_ back as written", async () => {
    const hostile = [
      `A & B <tag attr="1"> 'quoted' ]]> &amp;`,
      "\u0000NUL \u0001\u0008 vertical\u000Btab form\u000Cfeed \u000E\u001F end",
      "noncharacters \uFFFE\uFFFF, lone \uD800 high, lone \uDC00 low, a pair 😀 and 𠀀",
      "_x0041_ is not A, nor _x00e9_, nor _x005F_, nor _x000D_; _x12_ and x0041_ stay too",
      "\u000C_x0041_",
      "  leading and trailing spaces  ",
      "tab\tinside, two  spaces, and\nline\nbreaks\n",
      "Windows line\r\nend and a lone\rCR",
    ];
    // The sample run has four projects: the texts go in two runs, compared as sets (rows come in record order).
    for (const [run, texts] of [hostile.slice(0, 4), hostile.slice(4)].entries()) {
      const [file] = await writeXlsx(path.join(outDir, String(run)), documentSourceOf(runWithGoals(texts)));
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file!);
      const goals = rowsOf(workbook, "projects").map((row) => row.goals!);
      expect(goals.every((cell) => cell.type === ExcelJS.ValueType.String)).toBe(true);
      // As the CSV has it: line ends as LF, every other character kept.
      expect(goals.map((cell) => decodeExcelEscapes(String(cell.value))).sort()).toEqual(texts.map((text) => text.replace(/\r\n?/g, "\n")).sort());
    }
  });

  it('formats every integer cell "0" and every 元 number "#,##0.00", on the column too, and leaves the other columns General', async () => {
    const workbook = await writeAndOpen();
    const tables = outputTables(sampleSource().manifestKeys);
    for (const name of ["projects", "indicators", "flags", "documents"] as const) {
      const sheet = workbook.getWorksheet(name)!;
      for (const [index, column] of tables[name].columns.entries()) {
        const expected = column.type === "integer" ? "0" : column.type === "number" && column.unit === "元" ? "#,##0.00" : undefined;
        expect(sheet.getColumn(index + 1).numFmt, `${name}.${column.name}`).toBe(expected);
        for (let row = 2; row <= sheet.rowCount; row += 1) expect(sheet.getRow(row).getCell(index + 1).numFmt, `${name}.${column.name} row ${row}`).toBe(expected);
      }
    }
  });

  it("writes the header row of every sheet bold, and no other row", async () => {
    const workbook = await writeAndOpen();
    for (const sheet of workbook.worksheets) {
      expect(sheet.getRow(1).font, sheet.name).toMatchObject({ bold: true });
      sheet.getRow(1).eachCell((cell) => expect(cell.font, `${sheet.name}!${cell.address}`).toMatchObject({ bold: true }));
      for (let row = 2; row <= sheet.rowCount; row += 1) sheet.getRow(row).eachCell((cell) => expect(cell.font?.bold, `${sheet.name}!${cell.address}`).toBeFalsy());
    }
  });

  it("sizes each column from its header and first rows: a CJK character two wide, at least 8, at most 60", async () => {
    const workbook = await writeAndOpen();
    const widths = (name: string) => {
      const sheet = workbook.getWorksheet(name)!;
      return Object.fromEntries((sheet.getRow(1).values as unknown[]).slice(1).map((header, index) => [String(header), sheet.getColumn(index + 1).width]));
    };
    // `cf3f15496d9d5f33-000` is 20 wide; 困难信访群众救助及工作经费 is 13 characters, 26 wide; a 64-digit hash is capped.
    expect(widths("projects")).toMatchObject({ id: 22, name: 28, region: 8, document_sha256: 60, goals: 60 });
    expect(widths("说明")).toEqual({ table: 12, column: 26, 中文: 22, type: 9, unit: 10, meaning: 100 });
  });

  it("sizes the columns from the first 200 rows only, so a run is not measured twice", async () => {
    // 60 copies of the four projects: the long name comes in row 240, after the rows measured.
    const documents = Array.from({ length: 60 }, (_, copy) =>
      sampleRun().documents.map((document) => {
        const copyPath = `copies/${String(copy).padStart(2, "0")}/${document.path}`;
        const name = copy === 59 ? "很长的项目名称".repeat(5) : undefined;
        return { ...document, path: copyPath, records: document.records.map((record) => ({ ...record, id: `${copy}-${record.id}`, project: { ...record.project, name: name ?? record.project.name }, document: { ...record.document, path: copyPath } })) };
      }),
    ).flat();
    const [file] = await writeXlsx(outDir, documentSourceOf(documents));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file!);
    const projects = workbook.getWorksheet("projects")!;
    const nameColumn = (projects.getRow(1).values as unknown[]).indexOf("name");
    expect(projects.rowCount).toBe(241);
    expect(projects.getRow(241).getCell(nameColumn).value).toBe("很长的项目名称".repeat(5));
    expect(projects.getColumn(nameColumn).width).toBe(28);
  });

  it("writes a sheet with its frozen, filtered header for a table without rows", async () => {
    const [file] = await writeXlsx(outDir, documentSourceOf([]));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file!);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["projects", "indicators", "flags", "documents", "说明"]);
    const tables = outputTables([]);
    for (const name of ["projects", "indicators", "flags", "documents"] as const) {
      const sheet = workbook.getWorksheet(name)!;
      expect(sheet.rowCount, name).toBe(1);
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(tables[name].columns.map((column) => column.name));
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(sheet.autoFilter).toBeTruthy();
      // Without rows to measure, a column is as wide as its header.
      expect(sheet.getColumn(1).width).toBe(Math.max(8, tables[name].columns[0]!.name.length + 2));
    }
  });

  it("names disclosure-ingest as the workbook's creator", async () => {
    expect((await writeAndOpen()).creator).toBe("disclosure-ingest");
  });
});
