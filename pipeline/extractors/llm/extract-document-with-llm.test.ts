import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadPrompt } from "../../../prompts/load-prompt.js";
import { BLANK_PROJECT, NO_INDICATOR_EXTRAS, type ExtractedProject } from "../../../schemas/extracted-project.js";
import type { SegmentedDocument } from "../../../schemas/project-unit.js";
import { completion, FakeModel, unitTextOf, type ChatCompletionBody } from "../../../test/fake-model.js";
import { testContext } from "../../../test/helpers.js";
import { buildRecord } from "../../domain/build-record.js";
import { renderRows } from "../../domain/cell-text.js";
import { extractRecords } from "../../extract-records.js";
import { segmentProjects } from "../../segment-projects.js";
import { makeLayout, type RowSpec } from "../rules/test-units.js";
import { testExtractorContext } from "../test-extractor-context.js";

// A layout no reader knows: a "考核内容" table with no 项目名称 label and no indicator header, over three pages,
// one project per page and a third one whose rows run from page 2 onto page 3.
const PAGES: Array<{ page: number; rows: RowSpec["cells"][] }> = [
  { page: 1, rows: [[[0, "考核项目"], [1, "城区绿化提升"]], [[0, "考核内容"], [1, "新增绿地面积"], [2, "≥12公顷"]], [[0, "考核内容"], [1, "苗木成活率"], [2, "≥95%"]]] },
  { page: 2, rows: [[[0, "考核项目"], [1, "公园维护"]], [[0, "考核内容"], [1, "维护公园数量"], [2, "6个"]], [[0, "考核项目"], [1, "古树名木保护"]], [[0, "考核内容"], [1, "建档古树"], [2, "≥300株"]]] },
  { page: 3, rows: [[[0, "考核内容"], [1, "古树存活率"], [2, "100%"]], [[0, "考核内容"], [1, "巡查频次"], [2, "每月"]]] },
];

/** The model's truth: each project's indicators with the page each is on. */
const TRUTH: Array<{ name: string; indicators: Array<{ level3: string; value: string; page: number }> }> = [
  { name: "城区绿化提升", indicators: [{ level3: "新增绿地面积", value: "≥12公顷", page: 1 }, { level3: "苗木成活率", value: "≥95%", page: 1 }] },
  { name: "公园维护", indicators: [{ level3: "维护公园数量", value: "6个", page: 2 }] },
  {
    name: "古树名木保护",
    indicators: [
      { level3: "建档古树", value: "≥300株", page: 2 },
      { level3: "古树存活率", value: "100%", page: 3 },
      { level3: "巡查频次", value: "每月", page: 3 },
    ],
  },
];

function projectOf(name: string, indicators: Array<{ level3: string; value: string }>): ExtractedProject {
  return {
    ...BLANK_PROJECT,
    projectName: name,
    indicators: indicators.map(({ level3, value }) => ({ ...NO_INDICATOR_EXTRAS, level1: "产出指标", level2: "数量指标", level3, value, description: null, basis: null })),
  };
}

/** What a perfect model answers for the pages a request shows: each project seen there, with the part seen. */
function answerFor(body: ChatCompletionBody): Response {
  const facts = JSON.parse(unitTextOf(body).split("\n")[0]!) as { pages: number[] };
  const projects = TRUTH.flatMap((project) => {
    const seen = project.indicators.filter((indicator) => facts.pages.includes(indicator.page));
    return seen.length > 0 ? [projectOf(project.name, seen)] : [];
  });
  return completion(JSON.stringify({ projects }), { promptTokens: 900, completionTokens: 300 });
}

const fake = new FakeModel(answerFor);
beforeAll(() => fake.listen());
afterEach(() => {
  fake.requests.length = 0;
  fake.use(answerFor);
});
afterAll(() => fake.close());

async function segmented(): Promise<SegmentedDocument> {
  return segmentProjects(makeLayout(PAGES.flatMap(({ page, rows }) => rows.map((cells) => ({ cells, page })))), testContext());
}

describe("a document the table reader cannot segment", () => {
  it("fails with the segmenter's reason when no model is configured", async () => {
    const document = await segmented();
    expect(document.units).toEqual([]);
    await expect(extractRecords(document, "rules", { ...testExtractorContext(), llm: null })).rejects.toMatchObject({
      code: "no_projects_found",
      message: expect.stringContaining("no cell or line names 项目名称"),
    });
  });

  it("goes to the model whole, with every page's text inside the data block and the document prompt", async () => {
    const document = await segmented();
    await extractRecords(document, "auto", testExtractorContext());
    expect(fake.requests).toHaveLength(1);
    const [system, user] = fake.requests[0]!.body.messages;
    expect(system!.content).toBe(loadPrompt("extract-document").system);
    expect(fake.requests[0]!.body.response_format?.json_schema?.name).toBe("performance_target_projects");
    const text = unitTextOf(fake.requests[0]!.body);
    for (const page of [1, 2, 3]) expect(text).toContain(`[page ${page}]`);
    for (const cell of ["城区绿化提升", "建档古树 | ≥300株", "巡查频次 | 每月"]) expect(text).toContain(cell);
    // Nothing from the document stands outside the markers.
    expect(user!.content.replace(/<<<DOCUMENT[\s\S]*DOCUMENT>>>/, "")).not.toContain("考核");
  });

  it("makes one record per project, each grounded in its own rows with evidence", async () => {
    const document = await segmented();
    const { extractions } = await extractRecords(document, "llm", testExtractorContext());
    const records = extractions.map((extraction) => buildRecord(extraction.unit, document.context, extraction.result!));
    expect(records.map((record) => [record.project.name, record.indicators.map((indicator) => indicator.level3)])).toEqual(
      TRUTH.map((project) => [project.name, project.indicators.map((indicator) => indicator.level3)]),
    );
    expect(records.map((record) => record.unit.pages)).toEqual([[1], [2], [2, 3]]);
    expect(records[2]!.evidence["indicators.1.value"]).toMatchObject({ page: 3, text: "100%" });
    expect(records.every((record) => record.extraction.extractor === "llm" && record.extraction.promptVersion === "extract-document/v1")).toBe(true);
  });

  it.each([
    ["chunks that share a page", (size: (page: number) => number) => size(1) + size(2), [[1, 2], [2, 3]]],
    ["a page a chunk", (size: (page: number) => number) => Math.max(size(1), size(2), size(3)), [[1], [2], [3]]],
  ])("does not lose or duplicate a project whose table a chunk boundary cuts (%s)", async (_label, budget, chunks) => {
    const document = await segmented();
    const size = (page: number) => renderRows(document.rows.filter((row) => row.page === page)).length;
    const chunkCharacters = budget(size);
    const { extractions, unattributed } = await extractRecords(document, "llm", testExtractorContext({ llm: { chunkCharacters } }));
    const seenPages = fake.requests.map((request) => (JSON.parse(unitTextOf(request.body).split("\n")[0]!) as { pages: number[] }).pages);
    expect(seenPages.sort()).toEqual(chunks);
    const read = extractions.map((extraction) => [extraction.result!.project.projectName, extraction.result!.project.indicators.map((indicator) => indicator.value)]);
    expect(read).toEqual(TRUTH.map((project) => [project.name, project.indicators.map((indicator) => indicator.value)]));
    // Every token is accounted for: shared out on the records (rounded down), or unattributed.
    const onRecords = extractions.reduce((sum, extraction) => sum + extraction.result!.usage.promptTokens, 0);
    expect(onRecords + unattributed.usage.promptTokens).toBeLessThanOrEqual(900 * fake.requests.length);
    expect(onRecords + unattributed.usage.promptTokens).toBeGreaterThan(900 * fake.requests.length - 10);
  });
});
