import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OutputWriteError } from "../../errors.js";
import type { DocumentSource } from "../document-source.js";
import { documentSourceOf } from "../document-source.js";
import { sampleRun, sampleSource } from "../test-run.js";
import { writeXlsx, writeXlsxWithin } from "../write-xlsx.js";
import { CELL_STYLE } from "./styles.js";
import { XlsxPackage } from "./xlsx-package.js";

// jszip and saxes are what exceljs reads with: an unzip and a strict XML parser that do not come from our writer.
const requireFromExceljs = createRequire(createRequire(import.meta.url).resolve("exceljs"));
const JSZip = requireFromExceljs("jszip") as { loadAsync(data: Buffer): Promise<{ files: Record<string, { dir: boolean; async(type: "string"): Promise<string> }> }> };
const saxes = requireFromExceljs("saxes") as { SaxesParser: new (options: { xmlns: boolean }) => { write(chunk: string): { close(): void } } };

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), "xlsx-package-"));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

/** Every part of the package by name, as text. */
async function partsOf(file: string): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(await readFile(file));
  const parts = new Map<string, string>();
  for (const [name, entry] of Object.entries(zip.files)) if (!entry.dir) parts.set(name, await entry.async("string"));
  return parts;
}

/** Each entry's name and compression method (8 is deflate) from the zip's central directory, in order. */
function zipEntries(zip: Buffer): Array<{ name: string; method: number }> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries: Array<{ name: string; method: number }> = [];
  let offset = zip.readUInt32LE(end + 16);
  for (let index = 0; index < zip.readUInt16LE(end + 10); index += 1) {
    const nameLength = zip.readUInt16LE(offset + 28);
    entries.push({ name: zip.toString("utf8", offset + 46, offset + 46 + nameLength), method: zip.readUInt16LE(offset + 10) });
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return entries;
}

function parseStrictly(xml: string): void {
  new saxes.SaxesParser({ xmlns: true }).write(xml).close();
}

async function openWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}

/** The sample run's documents, then a failure while the indicators sheet is being written (the second pass). */
function failingSource(failure: Error): DocumentSource {
  const source = sampleSource();
  let passes = 0;
  return {
    count: source.count,
    manifestKeys: source.manifestKeys,
    async *each() {
      passes += 1;
      for await (const document of source.each()) {
        if (passes === 2) throw failure;
        yield document;
      }
    },
  };
}

async function leftovers(): Promise<string[]> {
  return (await readdir(outDir)).filter((name) => name.endsWith(".tmp"));
}

describe("the xlsx package", () => {
  it("holds only well-formed XML parts, each listed in [Content_Types].xml and reached by a relationship, the parts deflated", async () => {
    const [file] = await writeXlsx(outDir, sampleSource(), { headers: "zh" });
    const parts = await partsOf(file!);
    expect([...parts.keys()].sort()).toEqual(
      ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml", ...[1, 2, 3, 4, 5].map((n) => `xl/worksheets/sheet${n}.xml`)].sort(),
    );
    for (const [name, xml] of parts) expect(() => parseStrictly(xml), name).not.toThrow();
    const contentTypes = parts.get("[Content_Types].xml")!;
    for (const name of parts.keys()) {
      if (name.endsWith(".rels") || name === "[Content_Types].xml") continue;
      expect(contentTypes, name).toContain(`PartName="/${name}"`);
    }
    const targets = [...parts.get("_rels/.rels")!.matchAll(/Target="([^"]+)"/g)].map((match) => match[1]);
    const workbookTargets = [...parts.get("xl/_rels/workbook.xml.rels")!.matchAll(/Target="([^"]+)"/g)].map((match) => `xl/${match[1]}`);
    expect([...targets, ...workbookTargets].sort()).toEqual([...parts.keys()].filter((name) => !name.endsWith(".rels") && name !== "[Content_Types].xml").sort());
    const entries = zipEntries(await readFile(file!));
    expect(entries.every((entry) => entry.method === 8)).toBe(true);
    // MIME sniffers recognize a workbook by an xl/ part first.
    expect(entries[0]?.name).toBe("xl/styles.xml");
    expect(parts.get("docProps/core.xml")).toContain("<dc:creator>disclosure-ingest</dc:creator>");
  });

  it("writes text as inline strings, with no shared strings and no formulas", async () => {
    const [file] = await writeXlsx(outDir, sampleSource());
    const sheets = [...(await partsOf(file!))].filter(([name]) => name.startsWith("xl/worksheets/"));
    for (const [name, xml] of sheets) {
      expect(xml, name).not.toMatch(/<f[ >]|t="s"|t="str"/);
      expect(xml, name).toContain('t="inlineStr"');
    }
  });

  it("goes on in a numbered sheet under the same header when a table has more rows than a sheet holds", async () => {
    const full = await openWorkbook((await writeXlsx(path.join(outDir, "full"), sampleSource()))[0]!);
    // Four rows a sheet: the header and three.
    const limited = await openWorkbook((await writeXlsxWithin({ maxRows: 4 }, path.join(outDir, "limited"), sampleSource()))[0]!);
    expect(limited.worksheets.map((sheet) => sheet.name)).toEqual([
      "projects",
      "projects (2)",
      "indicators",
      "indicators (2)",
      "indicators (3)",
      "indicators (4)",
      "flags",
      "flags (2)",
      "documents",
      "说明",
    ]);
    for (const name of ["projects", "indicators", "flags", "documents"]) {
      const whole = full.getWorksheet(name)!;
      const parts = limited.worksheets.filter((sheet) => sheet.name === name || sheet.name.startsWith(`${name} (`));
      const header = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as unknown[]).slice(1);
      const rows = (sheet: ExcelJS.Worksheet) => sheet.getRows(2, sheet.rowCount - 1)?.map((row) => (row.values as unknown[]).slice(1)) ?? [];
      expect(parts.flatMap(rows), name).toEqual(rows(whole));
      for (const part of parts) {
        expect(part.rowCount, part.name).toBeLessThanOrEqual(4);
        expect(header(part), part.name).toEqual(header(whole));
        expect(part.views[0], part.name).toMatchObject({ state: "frozen", ySplit: 1 });
        expect(part.autoFilter, part.name).toBeTruthy();
        expect(part.getRow(1).font, part.name).toMatchObject({ bold: true });
        expect(part.columns.map((column) => column.width), part.name).toEqual(whole.columns.map((column) => column.width));
      }
    }
    expect(limited.getWorksheet("说明")!.rowCount).toBe(full.getWorksheet("说明")!.rowCount);
  });

  it("refuses a sheet limit that leaves no room for a row besides the header", async () => {
    const writing = writeXlsxWithin({ maxRows: 1 }, outDir, sampleSource());
    await expect(writing).rejects.toBeInstanceOf(OutputWriteError);
    await expect(writing).rejects.toMatchObject({ cause: expect.any(RangeError) });
    expect(await readdir(outDir)).toEqual([]);
  });

  it("leaves the previous records.xlsx in place and no temporary file when the rows fail mid-write", async () => {
    const [file] = await writeXlsx(outDir, sampleSource());
    const previous = await readFile(file!);
    const failure = new Error("the per-document result file went missing");
    const writing = writeXlsx(outDir, failingSource(failure));
    await expect(writing).rejects.toBeInstanceOf(OutputWriteError);
    await expect(writing).rejects.toMatchObject({ code: "output_write_failed", cause: failure, message: expect.stringContaining("records.xlsx") });
    expect((await readFile(file!)).equals(previous)).toBe(true);
    expect(await readdir(outDir)).toEqual(["records.xlsx"]);
  });

  it("writes no records.xlsx and no temporary file when the rows fail in a first run", async () => {
    await expect(writeXlsx(outDir, failingSource(new Error("gone")))).rejects.toBeInstanceOf(OutputWriteError);
    expect(await readdir(outDir)).toEqual([]);
  });

  it("removes the finished temporary file when it cannot replace records.xlsx", async () => {
    await mkdir(path.join(outDir, "records.xlsx"));
    await writeFile(path.join(outDir, "records.xlsx", "keep"), "");
    await expect(writeXlsx(outDir, sampleSource())).rejects.toMatchObject({ code: "output_write_failed", cause: expect.objectContaining({ code: expect.stringMatching(/^E/) }) });
    expect(await leftovers()).toEqual([]);
  });

  it("fails with the error of an output folder it cannot create", async () => {
    const notAFolder = path.join(outDir, "file");
    await writeFile(notAFolder, "");
    await expect(writeXlsx(path.join(notAFolder, "out"), documentSourceOf(sampleRun().documents))).rejects.toMatchObject({ code: "output_write_failed", cause: expect.objectContaining({ code: "ENOTDIR" }) });
  });

  it.skipIf(!existsSync("/dev/full"))("ends with the disk's error, not a hang, when the disk fills up mid-sheet", async () => {
    const workbook = new XlsxPackage("/dev/full");
    const writing = (async () => {
      const sheet = await workbook.addSheet("indicators", { widths: [10, 10], styles: [CELL_STYLE.general, CELL_STYLE.integer], filtered: true });
      await sheet.writeHeader(["name", "count"]);
      // Incompressible enough that the zip has to reach the disk long before the rows end.
      for (let row = 0; row < 200_000; row += 1) await sheet.writeRow([`${Math.random()}${Math.random()}`, row]);
      await workbook.close("disclosure-ingest");
    })();
    await expect(writing).rejects.toMatchObject({ code: "ENOSPC" });
    await workbook.discard();
  });
});
