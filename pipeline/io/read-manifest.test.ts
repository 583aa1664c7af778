import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixturePath } from "../../test/helpers.js";
import { ConfigError } from "../errors.js";
import { findInputs } from "./find-inputs.js";
import { parseCsv, readManifest } from "./read-manifest.js";

describe("readManifest", () => {
  it("resolves paths from the manifest's folder and keeps the other columns as metadata", async () => {
    const entries = await readManifest(fixturePath("manifest", "sample-manifest.csv"));
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

  it("says clearly which input does not exist", async () => {
    await expect(findInputs(["no/such/folder"])).rejects.toThrow("Input not found: no/such/folder");
    await expect(findInputs([fixturePath("pdf", "*.docx")])).rejects.toThrow(/No file matches/);
  });
});
