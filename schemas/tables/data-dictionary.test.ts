import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { LEVEL1_NAMES } from "../../pipeline/domain/taxonomy.js";
import { outputTables } from "../../pipeline/writers/output-table.js";
import { dataDictionaryMarkdown, dataDictionaryRows } from "./data-dictionary.js";
import { TABLES } from "./output-tables.js";
import { LEVEL1_COUNT_COLUMNS } from "./project-columns.js";
import { dictionaryInReadme } from "./readme-dictionary.js";
import { TABLE_NAMES } from "./table-name.js";

describe("the data dictionary", () => {
  it("in the README is the one generated from the column definitions (run `npm run dictionary` after changing them)", async () => {
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    expect(dictionaryInReadme(readme)).toBe(dataDictionaryMarkdown());
  });

  it("has a line for every column the writers write, in their order, manifest columns included", () => {
    const manifestKeys = ["batch", "备注"];
    const tables = outputTables(manifestKeys);
    for (const table of TABLE_NAMES) {
      const written = tables[table].columns.map((column) => [column.name, column.type]);
      const described = dataDictionaryRows(manifestKeys).filter((row) => row.table === table).map((row) => [row.name, row.type]);
      expect(described).toEqual(written);
    }
    expect(dataDictionaryMarkdown()).toContain("| `manifest_<column>` | <column>（清单） | text |");
  });

  it("gives every column a unique English and Chinese name, a meaning, and a unit only where one applies", () => {
    for (const table of TABLE_NAMES) {
      const columns = TABLES[table].columns;
      expect(new Set(columns.map((column) => column.name)).size).toBe(columns.length);
      expect(new Set(columns.map((column) => column.zh)).size).toBe(columns.length);
      for (const column of columns) {
        expect(column.name).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(column.zh).toMatch(/[\u4e00-\u9fff]|^SHA256$|^OCR/);
        expect(column.description.length).toBeGreaterThan(10);
        // A unit that names a column must name one of the same table.
        if (column.unit !== null && /^[a-z_]+$/.test(column.unit)) expect(columns.map((candidate) => candidate.name)).toContain(column.unit);
      }
    }
  });

  it("counts every level 1 of the taxonomy in a column of its own", () => {
    expect(LEVEL1_COUNT_COLUMNS.map(([level1]) => level1).sort()).toEqual([...LEVEL1_NAMES].sort());
  });
});
