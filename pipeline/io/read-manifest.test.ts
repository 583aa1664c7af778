import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixturePath } from "../../test/helpers.js";
import { ConfigError } from "../errors.js";
import { silentLogger } from "../logger.js";
import { findInputs } from "./find-inputs.js";
import { parseCsv, readManifest } from "./read-manifest.js";

describe("readManifest", () => {
  it("resolves paths from the manifest's folder and keeps the other columns as metadata", async () => {
    const { entries, encoding } = await readManifest(fixturePath("manifest", "sample-manifest.csv"));
    expect(encoding).toBe("utf-8");
    expect(entries).toEqual([
      { path: fixturePath("pdf", "seed-000-grid.pdf"), metadata: { region: "宁夏回族自治区石嘴山市平罗县", year: "2021", source: "county portal, 2021-03" } },
      { path: fixturePath("pdf", "seed-003-vertical.pdf"), metadata: { region: "河北省保定市顺平县", year: "2021", source: "scanned archive, box 12" } },
    ]);
  });

  it("rejects a manifest without a path column, or with a year that is not a year", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "manifest-"));
    writeFileSync(path.join(directory, "a.csv"), "file,region\nx.pdf,某县\n");
    await expect(readManifest(path.join(directory, "a.csv"))).rejects.toThrow(/no `path` column/);
    writeFileSync(path.join(directory, "b.csv"), "\uFEFFpath,year\nx.pdf,二〇二一\n");
    await expect(readManifest(path.join(directory, "b.csv"))).rejects.toBeInstanceOf(ConfigError);
  });

  it("decodes a manifest saved by Excel or WPS on Chinese Windows (GB18030) and says so; UTF-8 with or without a BOM as UTF-8", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "manifest-"));
    // "path,region,备注\nx.pdf,平罗县,某县财政局\n" in GB18030: Node can decode it but has no encoder.
    const gb18030 = Buffer.concat([
      Buffer.from("path,region,"),
      Buffer.from([177, 184, 215, 162]),
      Buffer.from("\nx.pdf,"),
      Buffer.from([0xc6, 0xbd, 0xc2, 0xde, 0xcf, 0xd8]),
      Buffer.from(","),
      Buffer.from([196, 179, 207, 216, 178, 198, 213, 254, 190, 214]),
      Buffer.from("\n"),
    ]);
    writeFileSync(path.join(directory, "gbk.csv"), gb18030);
    const gbk = await readManifest(path.join(directory, "gbk.csv"));
    expect(gbk.encoding).toBe("gb18030");
    expect(gbk.entries).toEqual([{ path: path.join(directory, "x.pdf"), metadata: { region: "平罗县", 备注: "某县财政局" } }]);

    writeFileSync(path.join(directory, "bom.csv"), "\uFEFFpath,region\nx.pdf,平罗县\n");
    expect(await readManifest(path.join(directory, "bom.csv"))).toMatchObject({ encoding: "utf-8 with BOM", entries: [{ metadata: { region: "平罗县" } }] });
    writeFileSync(path.join(directory, "plain.csv"), "path,region\nx.pdf,平罗县\n");
    expect(await readManifest(path.join(directory, "plain.csv"))).toMatchObject({ encoding: "utf-8", entries: [{ metadata: { region: "平罗县" } }] });
  });

  it("parses RFC 4180 quoting: commas, doubled quotes and line breaks inside fields", () => {
    expect(parseCsv('a,"b,c","say ""hi""","two\nlines"\r\n1,2,3,4')).toEqual([
      ["a", "b,c", 'say "hi"', "two\nlines"],
      ["1", "2", "3", "4"],
    ]);
  });
});

describe("findInputs", () => {
  it("takes files, folders recursively, globs and manifests, sorted and without duplicates", async () => {
    const inputs = await findInputs([fixturePath("pdf"), fixturePath("pdf", "seed-0*-grid.pdf"), fixturePath("manifest", "sample-manifest.csv")]);
    expect(inputs.map((input) => path.basename(input.path))).toEqual(["seed-000-grid.pdf", "seed-002-row-list.pdf", "seed-003-vertical.pdf"]);
    expect(inputs[0]!.metadata.region).toBe("宁夏回族自治区石嘴山市平罗县");
    expect(inputs[1]!.metadata).toEqual({});
  });

  it("refuses inputs that give no PDF, saying what the folder held", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "inputs-"));
    writeFileSync(path.join(directory, "notes.docx"), "x");
    writeFileSync(path.join(directory, "list.txt"), "x");
    const error = await findInputs([directory]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(`No PDF to ingest: ${directory} holds no PDF: skipped 2 other files (list.txt, notes.docx)`);
    const empty = mkdtempSync(path.join(tmpdir(), "inputs-"));
    await expect(findInputs([empty])).rejects.toThrow(`${empty} holds no PDF (it is empty)`);
  });

  it("follows a symbolic link to a PDF inside a folder, and warns of broken links and links to folders it does not follow", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "inputs-"));
    symlinkSync(fixturePath("pdf", "seed-003-vertical.pdf"), path.join(directory, "linked.pdf"));
    symlinkSync(path.join(directory, "gone.pdf"), path.join(directory, "broken.pdf"));
    symlinkSync(fixturePath("pdf"), path.join(directory, "folder-link"));
    const warnings: Array<[string, Record<string, unknown> | undefined]> = [];
    const logger = { ...silentLogger, warn: (event: string, fields?: Record<string, unknown>) => void warnings.push([event, fields]) };
    const inputs = await findInputs([directory], logger);
    expect(inputs.map((input) => input.path)).toEqual([path.join(directory, "linked.pdf")]);
    expect(warnings).toEqual([["inputs-skipped", expect.objectContaining({ input: directory, brokenLinks: 1, linkedFolders: 1, notPdf: 0 })]]);
  });

  it("warns that a folder gave nothing when others did", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "inputs-"));
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (_event: string, fields?: Record<string, unknown>) => void warnings.push(String(fields?.reason)) };
    const inputs = await findInputs([empty, fixturePath("pdf", "seed-003-vertical.pdf")], logger);
    expect(inputs).toHaveLength(1);
    expect(warnings).toEqual([`${empty} holds no PDF (it is empty)`]);
  });

  it("says clearly which input does not exist", async () => {
    await expect(findInputs(["no/such/folder"])).rejects.toThrow("Input not found: no/such/folder");
    await expect(findInputs([fixturePath("pdf", "*.docx")])).rejects.toThrow(/No file matches/);
  });
});
