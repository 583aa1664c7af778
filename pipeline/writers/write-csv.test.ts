import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMPTY_LEVEL_MARKER } from "../../schemas/tables/indicator-columns.js";
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
        "value_raw,value_kind,value_comparator,value_number,value_unit,value_fen,value_yuan,value_rate,value_approximate,value_text,value_period_year," +
        "value_period_quarter,value_period_month,value_period_bound,value_parts_comparator,value_parts_value,value_parts_unit,weight_raw,weight," +
        "direction,direction_raw,nature,description,basis,other_columns,evidence_page,value_ocr_confidence,level3_ocr_confidence,value_ocr_raw,flag_codes,manifest_region,manifest_year,manifest_备注",
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

  it("writes money as a plain decimal in 元 computed from 分, the same whatever unit the document used", async () => {
    const { projects } = await writeAndRead();
    expect(projects?.map((project) => [project.money_unit, project.total_raw, project.total_yuan])).toEqual([
      ["万元", "1.28", "12800.00"],
      ["万元", "291.88", "2918800.00"],
      ["元", "195000.00", "195000.00"],
      ["元", "8,000.5", "8000.50"],
    ]);
    expect(projects?.[1]).toMatchObject({ department_total_yuan: "2918800.00", carryover_yuan: "", fiscal_yuan: "2918800.00" });
    expect(projects?.[3]).toMatchObject({ fiscal_yuan: "", fiscal_raw: "约8000" });
    // The sum an analyst's SUM() gives, in 元, equals the exact sum of 分.
    const fen = projects!.reduce((total, project) => total + BigInt(project.total_fen!), 0n);
    expect(fen).toBe(313_460_050n);
    expect(projects!.reduce((total, project) => total + Number(project.total_yuan), 0)).toBe(3_134_600.5);
  });

  it("writes a money target's amount in 分 and 元 beside its number as written and parsed", async () => {
    const { indicators } = await writeAndRead();
    expect(indicators?.find((row) => row.level3 === "预计全年装订信访档案成本")).toMatchObject({ value_raw: "≥0.5万元", value_number: "0.5", value_unit: "万元", value_fen: "500000", value_yuan: "5000.00" });
    expect(indicators?.find((row) => row.level3 === "合格率")).toMatchObject({ value_number: "100", value_fen: "", value_yuan: "" });
  });

  it("marks an indicator with no level 2 explicitly, so a group-by keeps it, and keeps its raw cell empty", async () => {
    const { indicators } = await writeAndRead();
    const noLevel2 = indicators?.find((row) => row.level3 === "办公设备验收合格率");
    expect(noLevel2).toMatchObject({ level1: "产出指标", level2: EMPTY_LEVEL_MARKER, level2_raw: "", level2_annotation: "" });
    expect(indicators?.every((row) => row.level1 !== "" && row.level2 !== "")).toBe(true);
  });

  it("writes the columns beside a value, and other named columns and fields as JSON objects", async () => {
    const { indicators, projects } = await writeAndRead();
    const timely = indicators?.find((row) => row.level3 === "资金拨付及时率");
    expect(timely).toMatchObject({ weight_raw: "10分", weight: "10", direction: "正向", direction_raw: "正向指标", nature: "定量" });
    expect(JSON.parse(timely!.other_columns!)).toEqual({ "评（扣）分标准": "按时拨付得满分, 否则不得分" });
    expect(indicators?.find((row) => row.level3 === "公务活动次数")).toMatchObject({ value_parts_comparator: "≥", value_parts_value: "5", value_parts_unit: "次", other_columns: "" });
    expect(JSON.parse(projects![1]!.other_fields!)).toEqual({ 项目负责人: "张三", 联系电话: "0970-8612345" });
    expect(projects?.[1]).toMatchObject({ long_term_goals: "化解信访积案", unit_kind: "project", confidence: "1" });
    expect(projects?.[3]?.confidence).toBe("");
  });

  it("counts each project's indicators by level 1 and names its worst flag", async () => {
    const { projects } = await writeAndRead();
    expect(projects?.map((project) => [project.indicator_count, project.indicators_output, project.indicators_benefit, project.indicators_satisfaction, project.indicators_cost, project.indicators_other_level1])).toEqual([
      ["6", "3", "3", "0", "0", "0"],
      ["2", "1", "0", "1", "0", "0"],
      ["2", "2", "0", "0", "0", "0"],
      ["1", "1", "0", "0", "0", "0"],
    ]);
    expect(projects?.map((project) => [project.worst_severity, project.worst_flag_code])).toEqual([
      ["warning", "required_category_missing"],
      ["", ""],
      ["error", "value_percent_over_100"],
      ["error", "money_unparseable"],
    ]);
  });

  it("carries the manifest's columns into every table, failed documents and document flags included", async () => {
    const tables = await writeAndRead();
    expect(tables.projects?.map((project) => project.manifest_备注)).toEqual(["第一批, 已核对", "第一批, 已核对", "", ""]);
    expect(tables.indicators?.[0]).toMatchObject({ manifest_region: "门源县", manifest_year: "2024", manifest_备注: "第一批, 已核对" });
    expect(tables.flags?.map((flag) => flag.manifest_备注)).toEqual(["第一批, 已核对", "", "", "", "", "第一批, 已核对"]);
    expect(tables.documents?.map((document) => document.manifest_备注)).toEqual(["第一批, 已核对", "第一批, 已核对", ""]);
  });

  it("writes Chinese headers with --headers zh, the same cells under them", async () => {
    const [projectsFile, indicatorsFile] = await writeCsv(outDir, sampleSource(), { headers: "zh" });
    const indicators = parse(await readFile(indicatorsFile!), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(indicators[0]!).slice(0, 9)).toEqual(["记录编号", "指标序号", "地区", "年度", "主管部门", "项目名称", "项目编码", "一级指标", "二级指标"]);
    expect(indicators[0]).toMatchObject({ 一级指标: "产出指标", 二级指标: "数量指标", 指标值: "≥30批", "备注（清单）": "第一批, 已核对" });
    const projects = parse(await readFile(projectsFile!), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(projects[1]).toMatchObject({ 项目名称: "困难信访群众救助及工作经费", "年度资金总额（元）": "2918800.00" });
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
