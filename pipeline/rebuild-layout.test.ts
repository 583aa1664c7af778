import { beforeAll, describe, expect, it } from "vitest";
import type { LayoutDocument, Row } from "../schemas/layout.js";
import { FIXTURE_PDFS, readFixtureBytes, testContext } from "../test/helpers.js";
import { normalizeDocument } from "./normalize-text.js";
import { readPdf } from "./read-pdf.js";
import { rebuildLayout, rebuildPage } from "./rebuild-layout.js";

async function layoutOf(file: string): Promise<LayoutDocument> {
  const context = testContext();
  return rebuildLayout(await normalizeDocument(await readPdf({ path: file, bytes: readFixtureBytes(file) }, context), context), context);
}

const texts = (row: Row) => row.cells.map((cell) => cell.text);

describe("rebuildLayout on the grid fixture (seed 000)", () => {
  let layout: LayoutDocument;
  beforeAll(async () => {
    layout = await layoutOf(FIXTURE_PDFS.grid);
  });

  it("joins a cell wrapped over several lines back into one cell", () => {
    const row = layout.rows.find((candidate) => candidate.cells[0]?.text === "项目名称" && candidate.page === 1)!;
    expect(texts(row)).toEqual(["项目名称", "政务网络、政府办局域网运行维护费"]);
  });

  it("keeps each cell's grid column, so merged (blank) cells leave a gap", () => {
    const row = layout.rows.find((candidate) => candidate.cells.some((cell) => cell.text === "质量指标(必填)") && candidate.page === 1)!;
    expect(row.cells.map((cell) => cell.column)).toEqual([2, 3, 4]);
    expect(row.cells.at(-1)!.text).toBe("100%");
  });

  it("gives every cell its page and a box inside the page", () => {
    for (const cell of layout.rows.flatMap((row) => row.cells)) {
      expect(cell.box.x).toBeGreaterThanOrEqual(0);
      expect(cell.box.y).toBeGreaterThanOrEqual(0);
      expect(cell.box.x + cell.box.width).toBeLessThanOrEqual(596);
      expect(cell.page).toBeGreaterThanOrEqual(1);
    }
  });

  it("brings back a table row that a page break cut in two", () => {
    const cost = layout.rows.find((row) => row.cells.some((cell) => cell.text === "全国、区、市“两会”及敏感时期信访维稳和进京赴银到市驻访维稳"))!;
    expect(cost.page).toBe(4);
    expect(texts(cost)).toEqual(["成本指标 (必填硬性指标)", "全国、区、市“两会”及敏感时期信访维稳和进京赴银到市驻访维稳", "36 万元"]);
    expect(layout.rows.some((row) => row.page === 5 && texts(row).join("") === "进京赴银到市驻访维稳")).toBe(false);
  });
});

describe("rebuildLayout on the vertical fixture (seed 003)", () => {
  it("joins a project code that wrapped inside its cell without inserting spaces", async () => {
    const layout = await layoutOf(FIXTURE_PDFS.vertical);
    const codes = layout.rows.flatMap((row) => row.cells).filter((cell, index, cells) => cells[index - 1]?.text === "项目编码");
    expect(codes.map((cell) => cell.text)).toEqual([
      "130636216T39PTY2WF094",
      "13063621EG6Q0YDACB33Y",
      "13063621GNTKS9WIPUKRG",
      "13063621H8S2NQYMS06ZW",
      "13063621UKW4RET0RBYCO",
      expect.stringMatching(/^13063621/),
    ]);
  });
});

describe("rebuildPage without ruling lines", () => {
  it("clusters text into rows and splits cells at wide gaps", () => {
    const item = (text: string, x: number, y: number) => ({ text, box: { x, y, width: text.length * 10, height: 10 } });
    const rows = rebuildPage({
      number: 1,
      width: 600,
      height: 800,
      source: "ocr",
      rulings: [],
      items: [item("一级指标", 50, 100), item("二级指标", 150, 101), item("指标值", 300, 100), item("产出指标", 50, 130), item("数量指标", 150, 131), item("80台", 300, 129)],
    });
    expect(rows.map(texts)).toEqual([
      ["一级指标", "二级指标", "指标值"],
      ["产出指标", "数量指标", "80台"],
    ]);
    expect(rows[1]!.cells.map((cell) => cell.column)).toEqual([0, 1, 2]);
  });
});

describe("rebuildPage on a scanned page's loose boxes", () => {
  it("puts an OCR box that starts a little left of a border in the cell its first character stands in", () => {
    const ruling = (orientation: "horizontal" | "vertical", position: number, start: number, end: number) => ({ orientation, position, start, end });
    const page = {
      number: 1,
      width: 595,
      height: 842,
      source: "ocr" as const,
      rulings: [
        ruling("horizontal", 100, 40, 400),
        ruling("horizontal", 140, 40, 400),
        ruling("vertical", 40, 100, 140),
        ruling("vertical", 382.4, 100, 140),
        ruling("vertical", 400, 100, 140),
      ],
      // `标` of a level 2 wrapped in a narrow column, boxed from 380.0 pt: 2.4 pt left of the column's border.
      items: [
        { text: "效益指标", box: { x: 345, y: 110, width: 30, height: 12 } },
        { text: "标", box: { x: 380, y: 125, width: 14, height: 12 } },
      ],
    };
    const [row] = rebuildPage(page);
    expect(texts(row!)).toEqual(["效益指标", "标"]);
  });
});
