import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadPrompt } from "../../../prompts/load-prompt.js";
import type { ProjectUnit, SegmentedDocument } from "../../../schemas/project-unit.js";
import { completion, FAKE_MODEL, FakeModel } from "../../../test/fake-model.js";
import { FIXTURE_PDFS, fixturePath, readFixtureBytes, testContext } from "../../../test/helpers.js";
import { buildRecord } from "../../domain/build-record.js";
import { createLlmGateway } from "../../llm/llm-gateway.js";
import { silentLogger } from "../../logger.js";
import { normalizeDocument } from "../../normalize-text.js";
import { readPdf } from "../../read-pdf.js";
import { rebuildLayout } from "../../rebuild-layout.js";
import { segmentProjects } from "../../segment-projects.js";
import { validateRecords } from "../../validate-records.js";
import type { ExtractorContext } from "../extraction-result.js";
import { testExtractorContext, testLlmConfig } from "../test-extractor-context.js";
import { extractRecords } from "../../extract-records.js";
import { extractWithVision } from "./extract-with-vision.js";
import { ImageTokenBudget } from "./image-token-budget.js";
import { needsVision } from "./needs-vision.js";
import { pageRenderer } from "./page-image.js";

const VISION_MODEL = "fake-vision-1";
const DPI = 100;
const goodReply = JSON.parse(readFileSync(fixturePath("llm-replies", "seed-000-unit-0.json"), "utf8")) as Record<string, unknown> & { indicators: Array<{ value: string }> };
const fake = new FakeModel(() => completion(JSON.stringify({ ...goodReply, readFromImage: [] })));
const bytes = readFixtureBytes(FIXTURE_PDFS.grid);
const renderer = pageRenderer(bytes, DPI);
let segmented: SegmentedDocument;
/** Unit 0 as a poor OCR would have read it: `80 台` came out as `8O 台`. */
let misread: ProjectUnit;

beforeAll(async () => {
  fake.listen();
  const context = testContext();
  const pdf = await readPdf({ path: FIXTURE_PDFS.grid, bytes }, context);
  segmented = await segmentProjects(await rebuildLayout(await normalizeDocument(pdf, context), context), context);
  const unit = segmented.units[0]!;
  misread = { ...unit, rows: unit.rows.map((row) => ({ ...row, cells: row.cells.map((cell) => ({ ...cell, text: cell.text.replace(/^80\s*台$/, "8O 台") })) })) };
  expect(JSON.stringify(misread.rows)).toContain("8O 台");
});
afterEach(() => {
  fake.requests.length = 0;
});
afterAll(async () => {
  fake.close();
  await renderer.close();
});

function visionContext(options: { confidence?: number; maxImageTokensPerUnit?: number; budget?: number } = {}): ExtractorContext {
  const base = testExtractorContext();
  return {
    ...base,
    vision: {
      gateway: createLlmGateway(testLlmConfig({ model: VISION_MODEL }), { cache: null, logger: silentLogger }),
      prompt: loadPrompt("extract-project-vision"),
      reaskTokenBudget: 16_000,
      minOcrConfidence: 0.9,
      maxImageTokensPerUnit: options.maxImageTokensPerUnit ?? 6_000,
      budget: new ImageTokenBudget(options.budget ?? 100_000),
      pages: { ocrConfidence: new Map([[1, options.confidence ?? 0.62]]), render: (page) => renderer.render(page) },
    },
  };
}

type Part = { type: string; text?: string; image_url?: { url: string; detail?: string } };

describe("extractWithVision: the request", () => {
  it("sends the page image as a PNG data URL with the OCR text as a hint, to the vision model, under the strict schema with readFromImage", async () => {
    await extractWithVision(misread, segmented.context, visionContext());
    const body = fake.requests[0]!.body;
    expect(body.model).toBe(VISION_MODEL);
    expect(body.messages[0]).toEqual({ role: "system", content: loadPrompt("extract-project-vision").system });
    const parts = body.messages[1]!.content as unknown as Part[];
    expect(parts[0]!.type).toBe("text");
    expect(parts[0]!.text).toContain("<<<DOCUMENT");
    expect(parts[0]!.text).toContain("8O 台");
    const images = parts.filter((part) => part.type === "image_url");
    expect(images).toHaveLength(1);
    expect(images[0]!.image_url!.detail).toBe("high");
    const [prefix, data] = images[0]!.image_url!.url.split(",");
    expect(prefix).toBe("data:image/png;base64");
    const png = Buffer.from(data!, "base64");
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    // The page at 100 dpi: A4 landscape or portrait, about 1170 × 827 pixels either way round.
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(Math.max(width, height)).toBeGreaterThan(1100);
    expect(parts.some((part) => part.text === `[page 1: ${width} × ${height} pixels]`)).toBe(true);
    const schema = body.response_format!.json_schema!;
    expect(schema.name).toBe("performance_target_project_from_image");
    expect(schema.strict).toBe(true);
    expect((schema.schema as { required: string[] }).required).toContain("readFromImage");
  });

  it("goes the text path, saying why, when the unit's images would cost more than the per-unit cap", async () => {
    fake.use(() => completion(JSON.stringify(goodReply)));
    const result = await extractWithVision(misread, segmented.context, visionContext({ maxImageTokensPerUnit: 500 }));
    expect(fake.requests[0]!.body.model).toBe(FAKE_MODEL);
    expect(typeof fake.requests[0]!.body.messages[1]!.content).toBe("string");
    expect(result.uncertainties.at(-1)).toMatch(/^not read as images: its 1 page images count \d+ image tokens, over the per-unit cap of 500$/);
  });

  it("goes the text path once the run's image-token allowance is spent", async () => {
    fake.use(() => completion(JSON.stringify(goodReply)));
    const result = await extractWithVision(misread, segmented.context, visionContext({ budget: 10 }));
    expect(fake.requests[0]!.body.model).toBe(FAKE_MODEL);
    expect(result.uncertainties.at(-1)).toMatch(/image-token allowance of 10 is spent/);
  });
});

describe("extractWithVision: the reply, grounded", () => {
  async function readAndValidate(reply: Record<string, unknown>) {
    fake.use(() => completion(JSON.stringify(reply), { model: VISION_MODEL }));
    const result = await extractWithVision(misread, segmented.context, visionContext());
    const record = buildRecord(misread, segmented.context, result);
    const { records } = await validateRecords({ context: segmented.context, units: [misread], records: [record] }, testContext());
    return { result, record: records[0]! };
  }

  it("accepts a value read from the image with its box, flags it for review with the box in PDF points, and calls nothing invented", async () => {
    const box = { x: 500, y: 300, width: 60, height: 20 };
    const { result, record } = await readAndValidate({ ...goodReply, readFromImage: [{ field: "indicators.0.value", text: "80 台", page: 1, box }] });
    expect(result.model).toBe(VISION_MODEL);
    expect(record.indicators[0]!.value.raw).toBe("80 台");
    expect(record.extraction.readFromImage).toEqual([{ field: "indicators.0.value", text: "80 台", page: 1, box: { x: 360, y: 216, width: 43.2, height: 14.4 } }]);
    expect(record.flags.filter((flag) => flag.code === "ungrounded")).toEqual([]);
    expect(record.flags.filter((flag) => flag.code === "read_from_image")).toEqual([
      expect.objectContaining({ severity: "warning", path: "indicators.0.value", evidence: { page: 1, text: "80 台", box: { x: 360, y: 216, width: 43.2, height: 14.4 } } }),
    ]);
  });

  it("flags as ungrounded a value neither in the OCR text nor marked as read from the image", async () => {
    const { record } = await readAndValidate({ ...goodReply, readFromImage: [] });
    expect(record.flags.filter((flag) => flag.code === "ungrounded").map((flag) => flag.path)).toEqual(["indicators.0.value"]);
  });

  it("does not accept a reading whose box lies outside the image it names, and says so", async () => {
    const { result, record } = await readAndValidate({ ...goodReply, readFromImage: [{ field: "indicators.0.value", text: "80 台", page: 1, box: { x: 5000, y: 0, width: 10, height: 10 } }] });
    expect(result.uncertainties).toEqual([expect.stringMatching(/read "80 台" \(indicators\.0\.value\) from page 1 at a box outside the images/)]);
    expect(record.flags.filter((flag) => flag.code === "ungrounded").map((flag) => flag.path)).toEqual(["indicators.0.value"]);
  });
});

describe("needsVision", () => {
  it("reads as images only units on scanned pages the OCR was unsure of, or that the reader doubted", () => {
    const unit = segmented.units[0]!;
    expect(needsVision(unit, visionContext({ confidence: 0.62 }).vision, false)).toBe(true);
    expect(needsVision(unit, visionContext({ confidence: 0.97 }).vision, false)).toBe(false);
    expect(needsVision(unit, visionContext({ confidence: 0.97 }).vision, true)).toBe(true);
    expect(needsVision({ ...unit, pages: [2] }, visionContext({ confidence: 0.62 }).vision, true)).toBe(false);
    expect(needsVision(unit, null, true)).toBe(false);
  });
});

describe("extractRecords with --vision-model, extractor auto", () => {
  it("sends to the vision model exactly the units on the scanned page the OCR was unsure of, even when the rules found nothing wrong", async () => {
    fake.use(() => completion(JSON.stringify({ ...goodReply, readFromImage: [] }), { model: VISION_MODEL }));
    const onPageOne = segmented.units.filter((unit) => unit.pages.includes(1));
    const { extractions } = await extractRecords(segmented, "auto", { ...visionContext({ confidence: 0.62 }), judgeRulesResult: async () => [] });
    expect(fake.requests).toHaveLength(onPageOne.length);
    expect(fake.requests.every((request) => request.body.model === VISION_MODEL)).toBe(true);
    const routed = extractions.filter((extraction) => extraction.result?.extractor === "llm");
    expect(routed.map((extraction) => extraction.unit.index)).toEqual(onPageOne.map((unit) => unit.index));
    expect(routed[0]!.result!.routedBecause).toEqual(["the OCR was unsure of its page(s)"]);
  });

  it("keeps the rules' reading of a scanned page the OCR read confidently, with no request", async () => {
    await extractRecords(segmented, "auto", { ...visionContext({ confidence: 0.97 }), judgeRulesResult: async () => [] });
    expect(fake.requests).toHaveLength(0);
  });
});
