import { describe, expect, it } from "vitest";
import type { LayoutDocument, Row } from "../schemas/layout.js";
import type { SegmentedDocument } from "../schemas/project-unit.js";
import { FIXTURE_PDFS, readFixtureBytes, testContext } from "../test/helpers.js";
import { normalizeDocument } from "./normalize-text.js";
import { readPdf } from "./read-pdf.js";
import { rebuildLayout } from "./rebuild-layout.js";
import { segmentProjects } from "./segment-projects.js";

async function segment(file: string): Promise<SegmentedDocument> {
  const context = testContext();
  const pdf = await readPdf({ path: file, bytes: readFixtureBytes(file) }, context);
  return segmentProjects(await rebuildLayout(await normalizeDocument(pdf, context), context), context);
}

const cellTexts = (rows: readonly Row[]) => rows.flatMap((row) => row.cells.map((cell) => cell.text));

describe("segmentProjects", () => {
  it("finds the eight project tables of the grid document, one unit each, with region and year", async () => {
    const { context, units } = await segment(FIXTURE_PDFS.grid);
    expect(context.family).toBe("grid");
    expect(context.region).toBe("平罗县");
    expect(context.year).toBe(2021);
    expect(units).toHaveLength(8);
    expect(units.map((unit) => cellTexts(unit.rows)[1])).toEqual([
      "政务网络、政府办局域网运行维护费",
      "会议费及公务活动费",
      "解决历史遗留及疑难信访问题资金",
      "全国、区、市“两会”及敏感时期信访维稳和进京赴银到市驻访维稳工作经费",
      "政府重点工作督察经费",
      "政务公开工作经费",
      "文印工作经费",
      "2020年度信访工作责任目标考核“以奖代补”资金",
    ]);
    // A table that runs onto the next page stays one unit.
    expect(units[3]!.pages).toEqual([4, 5]);
  });

  it("splits the row-list document into one unit per project row and reads the department total", async () => {
    const { context, units } = await segment(FIXTURE_PDFS.rowList);
    expect(context.family).toBe("row-list");
    expect(context.departmentTotal).toEqual({ raw: "291.88", unit: "万元", page: 1 });
    expect(context.department).toContain("门源县政府办");
    expect(units).toHaveLength(11);
    // Department rows repeated on every page are context, never projects.
    expect(units.every((unit) => !cellTexts(unit.rows).includes("门源县政府办"))).toBe(true);
    expect(units[0]!.columns).toEqual(["单位编码", "单位及项目名称", "金额(万元)", "绩效目标", "绩效指标"]);
  });

  it("splits the vertical document into six tables with their headings and keeps the overview as context", async () => {
    const { context, units } = await segment(FIXTURE_PDFS.vertical);
    expect(context.family).toBe("vertical");
    expect(units).toHaveLength(6);
    expect(units[1]!.heading).toBe("2.政府大型公务活动项目经费绩效目标表");
    expect(cellTexts(units[0]!.rows)[0]).toBe("434001顺平县人民政府办公室(本级)");
    expect(context.overview.some((paragraph) => paragraph.text.includes("共需资金19.5万元"))).toBe(true);
    // The overview states the department's total; the project tables in 元 must add up to it.
    expect(context.departmentTotal).toEqual({ raw: "290.05", unit: "万元", page: 1 });
  });

  it("finds no unit in a document without any project table, and says what it looked for", async () => {
    const layout: LayoutDocument = {
      path: "letter.pdf",
      sha256: "0".repeat(64),
      pageCount: 1,
      pageSources: ["text-layer"],
      rows: [{ page: 1, table: null, box: { x: 0, y: 0, width: 10, height: 10 }, cells: [{ text: "关于召开会议的通知", page: 1, box: { x: 0, y: 0, width: 10, height: 10 }, column: 0, columnSpan: 1, rowSpan: 1 }] }],
    };
    const segmented = await segmentProjects(layout, testContext());
    expect(segmented.units).toEqual([]);
    expect(segmented.context.segmentationDoubts).toEqual([expect.stringMatching(/No project was found: no cell or line names 项目名称 or 部门名称/)]);
  });
});
