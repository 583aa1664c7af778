import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FORMULA_LIKE_NAME, GOALS_WITH_LINE_BREAKS, sampleSource } from "./test-run.js";
import { writeCsv } from "./write-csv.js";

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), "write-csv-"));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

async function writeAndRead(): Promise<Record<string, Array<Record<string, string>>>> {
  const files = await writeCsv(outDir, sampleSource());
  const tables: Record<string, Array<Record<string, string>>> = {};
  for (const file of files) {
    // csv-parse is strict RFC 4180 by default: an unbalanced quote or a stray field count would throw.
    tables[path.basename(file, ".csv")] = parse(await readFile(file), { bom: true, columns: true }) as Array<Record<string, string>>;
  }
  return tables;
}

describe("writeCsv", () => {
  it("writes projects, indicators, flags and documents as UTF-8 with a BOM and CRLF record ends", async () => {
    const files = await writeCsv(outDir, sampleSource());
    expect(files.map((file) => path.basename(file))).toEqual(["projects.csv", "indicators.csv", "flags.csv", "documents.csv"]);
    for (const file of files) {
      const bytes = await readFile(file);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.subarray(-2).toString("latin1")).toBe("\r\n");
    }
    const header = (await readFile(files[1]!, "utf8")).split("\r\n")[0];
    expect(header).toBe(
      "\uFEFFrecord_id,position,region,year,department,project_name,project_code,level1,level2,level2_raw,level2_annotation,required,level3," +
        "value_raw,value_kind,value_comparator,value_number,value_unit,value_rate,value_approximate,value_text,value_period_year," +
        "value_period_quarter,value_period_month,value_period_bound,description,basis,evidence_page,flag_codes",
    );
  });

  it("round-trips Chinese text with commas, quotes and line breaks through an RFC 4180 parser", async () => {
    const { projects } = await writeAndRead();
    expect(projects).toHaveLength(4);
    const first = projects?.[0];
    expect(first?.name).toBe("信访档案整理及工作经费");
    expect(first?.goals).toBe(GOALS_WITH_LINE_BREAKS);
    expect(first?.pages).toBe("1,2");
    expect(first?.spending_schedule).toBe("");
    expect(projects?.[2]?.spending_schedule).toBe("3月底 30%; 6月底 60%; 10月底 90%; 12月底 100%");
  });

  it("orders projects by document path and unit index whatever order the records came in", async () => {
    const { projects } = await writeAndRead();
    expect(projects?.map((project) => project.id)).toEqual(["cf3f15496d9d5f33-000", "cf3f15496d9d5f33-001", "da12ff3c3ef1dc10-006", "da12ff3c3ef1dc10-007"]);
  });

  it("writes money as an exact decimal in the document's unit beside the integer 分 and the text as written", async () => {
    const { projects } = await writeAndRead();
    expect(projects?.[1]).toMatchObject({ money_unit: "万元", total: "291.88", total_fen: "291880000", total_raw: "291.88", department_total_fen: "291880000" });
    expect(projects?.[2]).toMatchObject({ money_unit: "元", total: "195000.00", total_fen: "19500000", other: "0.00", other_fen: "0" });
    // 约8000 is not a plain decimal: no number is invented, the text is kept for the reviewer.
    expect(projects?.[3]).toMatchObject({ total: "8000.50", total_fen: "800050", total_raw: "8,000.5", fiscal: "", fiscal_fen: "", fiscal_raw: "约8000" });
  });

  it("prefixes document text that starts like a formula with a quote and leaves numbers alone", async () => {
    const { indicators } = await writeAndRead();
    const byName = (level3: string) => indicators?.find((row) => row.level3 === level3 || row.level3 === `'${level3}`);
    expect(byName(FORMULA_LIKE_NAME)?.level3).toBe(`'${FORMULA_LIKE_NAME}`);
    expect(byName("合格率")).toMatchObject({ value_raw: "'=100%", value_comparator: "'=", value_number: "100" });
    expect(byName("信访档案整理工作年限")).toMatchObject({ description: "'-每年复核一次", basis: "'@信访条例" });
    // A plain negative number cannot run, and the computed number column is never touched.
    expect(byName("信访积案同比变化")).toMatchObject({ value_raw: "-5%", value_number: "-5", value_unit: "%" });
  });

  it("writes one row per indicator with the project's key columns, the parsed value and the evidence page", async () => {
    const { indicators } = await writeAndRead();
    expect(indicators).toHaveLength(11);
    expect(indicators?.[0]).toMatchObject({
      record_id: "cf3f15496d9d5f33-000",
      position: "0",
      region: "门源县",
      year: "2024",
      project_name: "信访档案整理及工作经费",
      level1: "产出指标",
      level2: "数量指标",
      level2_raw: "(一)数量指标",
      value_raw: "≥30批",
      value_comparator: "≥",
      value_number: "30",
      value_unit: "批",
      value_approximate: "false",
      evidence_page: "1",
    });
    // No evidence for the name, so the value's page is used.
    expect(indicators?.[1]?.evidence_page).toBe("2");
    const overRate = indicators?.find((row) => row.record_id === "da12ff3c3ef1dc10-006" && row.position === "0");
    expect(overRate).toMatchObject({ level2_annotation: "必填", required: "true", value_number: "1000", value_unit: "%", flag_codes: "value_percent_over_100" });
  });

  it("writes one flag per row with its record and project, and document flags without a record", async () => {
    const { flags } = await writeAndRead();
    expect(flags?.map((flag) => [flag.record_id, flag.code])).toEqual([
      ["cf3f15496d9d5f33-000", "required_category_missing"],
      ["da12ff3c3ef1dc10-006", "value_percent_over_100"],
      ["da12ff3c3ef1dc10-006", "duplicate_project_name"],
      ["da12ff3c3ef1dc10-007", "value_empty"],
      ["da12ff3c3ef1dc10-007", "money_unparseable"],
      ["", "money_department_total_mismatch"],
    ]);
    expect(flags?.[1]).toMatchObject({ project_name: "政府大型公务活动项目经费", severity: "error", path: "indicators.0.value", evidence_page: "3" });
  });

  it("lists failed documents with their error code and message", async () => {
    const { documents } = await writeAndRead();
    expect(documents?.map((document) => [document.path, document.status, document.projects])).toEqual([
      ["fixtures/bad/truncated.pdf", "failed", "0"],
      ["fixtures/pdf/seed-002-row-list.pdf", "done", "2"],
      ["fixtures/pdf/seed-003-vertical.pdf", "done", "2"],
    ]);
    expect(documents?.[0]).toMatchObject({ sha256: "", error_code: "pdf_unreadable", error_stage: "read" });
    expect(documents?.[0]?.error_message).toContain("cross-reference table");
  });
});
