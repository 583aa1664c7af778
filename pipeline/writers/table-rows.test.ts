import { describe, expect, it } from "vitest";
import type { DocumentResult } from "../../schemas/run-summary.js";
import { documentSourceOf, type DocumentSource } from "./document-source.js";
import { outputTables, type OutputRow } from "./output-table.js";
import { TABLE_NAMES, type TableName } from "../../schemas/tables/table-name.js";
import { tableRows } from "./table-rows.js";
import { sampleRun } from "./test-run.js";

async function rowsOf(documents: DocumentSource, table: TableName): Promise<OutputRow[]> {
  const rows: OutputRow[] = [];
  for await (const row of tableRows(documents, table)) rows.push(row);
  return rows;
}

const OUTPUT_TABLES = outputTables([]);

function column(table: TableName, name: string): number {
  return OUTPUT_TABLES[table].columns.findIndex((candidate) => candidate.name === name);
}

describe("tableRows", () => {
  it("keeps the projects of the copy whose path sorts first when two files have the same bytes, and lists both files", async () => {
    const { documents } = sampleRun();
    const original = documents.find((document) => document.path === "fixtures/pdf/seed-002-row-list.pdf")!;
    const copyPath = "fixtures/pdf/copy/seed-002-row-list.pdf";
    const copyRecords = original.records.map((record) => ({ ...record, document: { ...record.document, path: copyPath } }));
    const source = documentSourceOf([...documents, { ...original, path: copyPath, records: copyRecords }]);
    const projects = await rowsOf(source, "projects");
    expect(projects.map((row) => row[column("projects", "id")])).toEqual(["cf3f15496d9d5f33-000", "cf3f15496d9d5f33-001", "da12ff3c3ef1dc10-006", "da12ff3c3ef1dc10-007"]);
    expect(projects[0]?.[column("projects", "document_path")]).toBe(copyPath);
    expect(await rowsOf(source, "documents")).toHaveLength(4);
    expect(await rowsOf(source, "indicators")).toHaveLength(11);
    // Both copies carry the same document flag: a document's own flags are not keyed by record id.
    expect((await rowsOf(source, "flags")).filter((row) => row[column("flags", "record_id")] === null)).toHaveLength(2);
  });

  it("orders projects by unit index within their document whatever order the records came in", async () => {
    const documents = sampleRun().documents.map((document) => ({ ...document, records: [...document.records].reverse() }));
    const projects = await rowsOf(documentSourceOf(documents), "projects");
    expect(projects.map((row) => row[column("projects", "id")])).toEqual(["cf3f15496d9d5f33-000", "cf3f15496d9d5f33-001", "da12ff3c3ef1dc10-006", "da12ff3c3ef1dc10-007"]);
  });

  it("takes no projects from a failed document", async () => {
    const documents: DocumentResult[] = sampleRun().documents.map((document) => ({ ...document, status: "failed" }));
    expect(await rowsOf(documentSourceOf(documents), "projects")).toEqual([]);
    expect(await rowsOf(documentSourceOf(documents), "documents")).toHaveLength(3);
  });

  it("gives every row as many cells as its table has columns", async () => {
    const source = documentSourceOf(sampleRun().documents);
    expect(source.manifestKeys).toEqual(["region", "year", "备注"]);
    for (const table of TABLE_NAMES) {
      const { columns } = outputTables(source.manifestKeys)[table];
      for (const row of await rowsOf(source, table)) expect(row).toHaveLength(columns.length);
      expect(new Set(columns.map((candidate) => candidate.name)).size).toBe(columns.length);
    }
  });

  it("goes through the documents once per row set: twice for flags, record flags first", async () => {
    const inner = documentSourceOf(sampleRun().documents);
    const passes: number[] = [];
    const source: DocumentSource = {
      count: inner.count,
      manifestKeys: inner.manifestKeys,
      async *each() {
        passes.push(0);
        for await (const document of inner.each()) {
          passes[passes.length - 1]!++;
          yield document;
        }
      },
    };
    const flags = await rowsOf(source, "flags");
    expect(passes).toEqual([3, 3]);
    expect(flags.map((row) => row[column("flags", "code")])).toEqual([
      "required_category_missing",
      "value_percent_over_100",
      "duplicate_project_name",
      "value_empty",
      "money_unparseable",
      "money_department_total_mismatch",
    ]);
  });
});
