import { describe, expect, it } from "vitest";
import { buildOutputTables } from "./build-output-tables.js";
import { sampleRun } from "./test-run.js";

describe("buildOutputTables", () => {
  it("keeps the projects of the copy whose path sorts first when two files have the same bytes, and lists both files", () => {
    const { records, documents } = sampleRun();
    const original = documents.find((document) => document.path === "fixtures/pdf/seed-002-row-list.pdf")!;
    const copyPath = "fixtures/pdf/copy/seed-002-row-list.pdf";
    const copyRecords = original.records.map((record) => ({ ...record, document: { ...record.document, path: copyPath } }));
    const copy = { ...original, path: copyPath, records: copyRecords };
    const tables = buildOutputTables([...records, ...copyRecords], [...documents, copy]);
    const idColumn = tables.projects.columns.findIndex((column) => column.name === "id");
    const pathColumn = tables.projects.columns.findIndex((column) => column.name === "document_path");
    expect(tables.projects.rows.map((row) => row[idColumn])).toEqual(["cf3f15496d9d5f33-000", "cf3f15496d9d5f33-001", "da12ff3c3ef1dc10-006", "da12ff3c3ef1dc10-007"]);
    expect(tables.projects.rows[0]?.[pathColumn]).toBe("fixtures/pdf/copy/seed-002-row-list.pdf");
    expect(tables.documents.rows).toHaveLength(4);
    expect(tables.indicators.rows).toHaveLength(11);
  });

  it("gives every row as many cells as its table has columns", () => {
    const { records, documents } = sampleRun();
    for (const table of Object.values(buildOutputTables(records, documents))) {
      for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
      expect(new Set(table.columns.map((column) => column.name)).size).toBe(table.columns.length);
    }
  });
});
