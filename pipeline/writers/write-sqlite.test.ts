import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dataDictionaryRows } from "../../schemas/tables/data-dictionary.js";
import { OutputWriteError } from "../errors.js";
import { documentSourceOf } from "./document-source.js";
import { GOALS_WITH_LINE_BREAKS, sampleRun, sampleSource } from "./test-run.js";
import { writeSqlite } from "./write-sqlite.js";

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), "write-sqlite-"));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

async function writeAndOpen(): Promise<Database.Database> {
  const [file] = await writeSqlite(outDir, sampleSource());
  return new Database(file!, { readonly: true });
}

describe("writeSqlite", () => {
  it("answers an analyst's questions: indicators per level 1, flags by code and severity", async () => {
    const database = await writeAndOpen();
    expect(database.prepare("SELECT level1, COUNT(*) AS count FROM indicators GROUP BY level1 ORDER BY level1").all()).toEqual([
      { level1: "产出指标", count: 7 },
      { level1: "效益指标", count: 3 },
      { level1: "满意度指标", count: 1 },
    ]);
    expect(database.prepare("SELECT code, COUNT(*) AS count FROM flags WHERE severity = 'error' GROUP BY code ORDER BY code").all()).toEqual([
      { code: "money_unparseable", count: 1 },
      { code: "value_percent_over_100", count: 1 },
    ]);
    const flagged = database
      .prepare("SELECT p.region, p.name, i.level3, i.value_raw FROM flags f JOIN indicators i ON i.record_id = f.record_id AND f.path = 'indicators.' || i.position || '.value' JOIN projects p ON p.id = f.record_id WHERE f.code = 'value_percent_over_100'")
      .all();
    expect(flagged).toEqual([{ region: "顺平县", name: "政府大型公务活动项目经费", level3: "资金拨付及时率", value_raw: "1000百分比" }]);
    database.close();
  });

  it("stores 分 as INTEGER and exact decimals as TEXT, never as a float", async () => {
    const database = await writeAndOpen();
    const project = database.prepare("SELECT total, typeof(total) AS total_type, total_fen, typeof(total_fen) AS fen_type FROM projects WHERE name = '困难信访群众救助及工作经费'").get();
    expect(project).toEqual({ total: "291.88", total_type: "text", total_fen: 291_880_000, fen_type: "integer" });
    expect(database.prepare("SELECT SUM(total_fen) AS fen FROM projects WHERE region = '门源县'").get()).toEqual({ fen: 293_160_000 });
    const value = database.prepare("SELECT value_number, typeof(value_number) AS type, value_approximate, required FROM indicators WHERE level3 = '信访积案同比变化'").get();
    expect(value).toEqual({ value_number: -5, type: "real", value_approximate: 0, required: null });
    database.close();
  });

  it("stores money in 元 and parsed numbers as REAL, so SUM and comparisons work across units", async () => {
    const database = await writeAndOpen();
    expect(database.prepare("SELECT total_yuan, typeof(total_yuan) AS type FROM projects WHERE name = '困难信访群众救助及工作经费'").get()).toEqual({ total_yuan: 2_918_800, type: "real" });
    // 万元 and 元 documents summed in 元: 12800 + 2918800 + 195000 + 8000.5.
    expect(database.prepare("SELECT SUM(total_yuan) AS yuan, SUM(total_fen) AS fen FROM projects").get()).toEqual({ yuan: 3_134_600.5, fen: 313_460_050 });
    expect(database.prepare("SELECT level3 FROM indicators WHERE value_unit = '%' AND value_number > 100").all()).toEqual([{ level3: "资金拨付及时率" }]);
    expect(database.prepare("SELECT value_fen, value_yuan FROM indicators WHERE level3 = '预计全年装订信访档案成本'").get()).toEqual({ value_fen: 500_000, value_yuan: 5_000 });
    expect(database.prepare("SELECT json_extract(other_columns, '$.评（扣）分标准') AS rule FROM indicators WHERE level3 = '资金拨付及时率'").get()).toEqual({ rule: "按时拨付得满分, 否则不得分" });
    expect(database.prepare("SELECT COUNT(*) AS count FROM indicators WHERE level2 = '（空）'").get()).toEqual({ count: 1 });
    database.close();
  });

  it("carries the manifest's columns and holds the data dictionary as a table", async () => {
    const database = await writeAndOpen();
    expect(database.prepare('SELECT path, "manifest_备注" AS note FROM documents ORDER BY path').all()).toEqual([
      { path: "fixtures/bad/truncated.pdf", note: "第一批, 已核对" },
      { path: "fixtures/pdf/seed-002-row-list.pdf", note: "第一批, 已核对" },
      { path: "fixtures/pdf/seed-003-vertical.pdf", note: null },
    ]);
    const dictionary = database.prepare("SELECT table_name AS \"table\", column_name AS name, zh, type, unit, description FROM data_dictionary").all();
    expect(new Set(dictionary.map((row) => JSON.stringify(row)))).toEqual(new Set(dataDictionaryRows(sampleSource().manifestKeys).map((row) => JSON.stringify(row))));
    for (const table of ["projects", "indicators", "flags", "documents"]) {
      const columns = (database.pragma(`table_info(${table})`) as Array<{ name: string }>).map((column) => column.name);
      expect(database.prepare("SELECT column_name FROM data_dictionary WHERE table_name = ? ORDER BY rowid").all(table).map((row) => (row as { column_name: string }).column_name)).toEqual(columns);
    }
    database.close();
  });

  it("keeps document text as written, formula-like text included", async () => {
    const database = await writeAndOpen();
    expect(database.prepare("SELECT value_raw FROM indicators WHERE level3 = '合格率'").get()).toEqual({ value_raw: "=100%" });
    expect(database.prepare("SELECT goals FROM projects WHERE id = 'cf3f15496d9d5f33-000'").get()).toEqual({ goals: GOALS_WITH_LINE_BREAKS });
    database.close();
  });

  it("creates the keys and indexes that analysts' queries use", async () => {
    const database = await writeAndOpen();
    const indexes = (table: string) =>
      (database.pragma(`index_list(${table})`) as Array<{ name: string; origin: string }>).map((index) => `${index.origin}:${index.name}`).sort();
    expect(indexes("projects")).toEqual([
      "c:projects_code",
      "c:projects_department",
      "c:projects_document_path",
      "c:projects_document_sha256",
      "c:projects_name",
      "c:projects_region_year",
      "pk:sqlite_autoindex_projects_1",
    ]);
    expect(indexes("indicators")).toEqual(["c:indicators_level1_level2", "c:indicators_level2", "c:indicators_region_year", "pk:sqlite_autoindex_indicators_1"]);
    expect(indexes("flags")).toEqual(["c:flags_code", "c:flags_document_path", "c:flags_record_id", "c:flags_severity_code"]);
    expect(indexes("documents")).toEqual(["c:documents_sha256", "c:documents_status", "pk:sqlite_autoindex_documents_1"]);
    expect(database.pragma("index_info(sqlite_autoindex_indicators_1)")).toMatchObject([{ name: "record_id" }, { name: "position" }]);
    const plan = database.prepare("EXPLAIN QUERY PLAN SELECT * FROM indicators WHERE level1 = ? AND level2 = ?").all("产出指标", "数量指标");
    expect(JSON.stringify(plan)).toContain("indicators_level1_level2");
    expect(database.pragma("foreign_key_check")).toEqual([]);
    expect(database.pragma("user_version", { simple: true })).toBe(2);
    database.close();
  });

  it("lets a document be replaced by deleting it: its projects, indicators and flags go with it", async () => {
    const [file] = await writeSqlite(outDir, sampleSource());
    const database = new Database(file!);
    database.pragma("foreign_keys = ON");
    database.prepare("DELETE FROM documents WHERE path = ?").run("fixtures/pdf/seed-003-vertical.pdf");
    expect(database.prepare("SELECT COUNT(*) AS count FROM projects").get()).toEqual({ count: 2 });
    expect(database.prepare("SELECT COUNT(*) AS count FROM indicators").get()).toEqual({ count: 8 });
    expect(database.prepare("SELECT COUNT(*) AS count FROM flags").get()).toEqual({ count: 2 });
    database.close();
  });

  it("lists every record flag before the first document flag, in document path order", async () => {
    const database = await writeAndOpen();
    expect(database.prepare("SELECT record_id, code FROM flags ORDER BY rowid").all()).toEqual([
      { record_id: "cf3f15496d9d5f33-000", code: "required_category_missing" },
      { record_id: "da12ff3c3ef1dc10-006", code: "value_percent_over_100" },
      { record_id: "da12ff3c3ef1dc10-006", code: "duplicate_project_name" },
      { record_id: "da12ff3c3ef1dc10-007", code: "value_empty" },
      { record_id: "da12ff3c3ef1dc10-007", code: "money_unparseable" },
      { record_id: null, code: "money_department_total_mismatch" },
    ]);
    expect(database.prepare("SELECT name FROM sqlite_temp_master").all()).toEqual([]);
    database.close();
  });

  it("replaces an existing database whole and leaves no temporary file behind", async () => {
    const { documents } = sampleRun();
    await writeFile(path.join(outDir, "records.sqlite"), "not a database");
    await writeSqlite(outDir, documentSourceOf(documents));
    const oneProject = documents.map((document, index) => ({ ...document, records: index === 0 ? document.records.slice(0, 1) : [] }));
    await writeSqlite(outDir, documentSourceOf(oneProject));
    expect(await readdir(outDir)).toEqual(["records.sqlite"]);
    const database = new Database(path.join(outDir, "records.sqlite"), { readonly: true });
    expect(database.prepare("SELECT COUNT(*) AS count FROM projects").get()).toEqual({ count: 1 });
    database.close();
  });

  it("fails naming the rows whose record names a document that is not in the run, and keeps the previous database", async () => {
    const { documents } = sampleRun();
    await writeSqlite(outDir, documentSourceOf(documents));
    const moved = documents.map((document) =>
      document.path === "fixtures/pdf/seed-002-row-list.pdf"
        ? { ...document, records: document.records.map((record) => ({ ...record, document: { ...record.document, path: "fixtures/pdf/moved.pdf" } })) }
        : document,
    );
    const failure = writeSqlite(outDir, documentSourceOf(moved));
    await expect(failure).rejects.toBeInstanceOf(OutputWriteError);
    await expect(failure).rejects.toThrow(/projects cf3f15496d9d5f33-000 → documents/);
    expect(await readdir(outDir)).toEqual(["records.sqlite"]);
    const database = new Database(path.join(outDir, "records.sqlite"), { readonly: true });
    expect(database.prepare("SELECT COUNT(*) AS count FROM projects").get()).toEqual({ count: 4 });
    database.close();
  });
});
