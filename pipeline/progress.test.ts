import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { DocumentResult } from "../schemas/run-summary.js";
import { countOcrPages, createProgressReporter } from "./progress.js";
import { formatDuration, ProgressEstimate } from "./progress-estimate.js";

/** A clock the test moves by hand, in seconds. */
function manualClock(): { now: () => number; advance: (seconds: number) => void } {
  let milliseconds = 1_000_000;
  return { now: () => milliseconds, advance: (seconds) => void (milliseconds += seconds * 1000) };
}

function scannedResult(sha256: string, pages: number): DocumentResult {
  return {
    path: `scans/${sha256}.pdf`,
    sha256,
    status: "done",
    family: "grid",
    pageCount: pages,
    ocrPages: Array.from({ length: pages }, (_, index) => index + 1),
    records: [],
    documentFlags: [],
    error: null,
    unitErrors: [],
    unitsByExtractor: { rules: 0, llm: 0 },
    routedToLlm: 0,
    usage: { promptTokens: 0, completionTokens: 0 },
    failedAttemptUsage: { promptTokens: 0, completionTokens: 0 },
    durationMs: 18_000,
  };
}

describe("ProgressEstimate", () => {
  it("estimates a scanned batch by pages while no document has finished (not `0/3, ETA 0s`)", () => {
    const clock = manualClock();
    const estimate = new ProgressEstimate(clock.now);
    estimate.start(3);
    for (let page = 0; page < 3; page++) estimate.pageQueued("a");
    expect(estimate.snapshot()).toMatchObject({ documentsDone: 0, pagesDone: 0, pagesExpected: 9, etaSeconds: null });
    clock.advance(6);
    estimate.pageDone();
    clock.advance(6);
    estimate.pageDone();
    const snapshot = estimate.snapshot();
    // 2 pages in 12 s; 9 expected (3 seen on the first document, as many on each of the two others).
    expect(snapshot).toMatchObject({ documentsDone: 0, pagesQueued: 3, pagesDone: 2, pagesExpected: 9 });
    expect(snapshot.pagesPerSecond).toBeCloseTo(1 / 6);
    expect(snapshot.etaSeconds).toBeCloseTo(42);
  });

  it("counts a text-layer document as one with no OCR pages, which lowers the pages expected", () => {
    const clock = manualClock();
    const estimate = new ProgressEstimate(clock.now);
    estimate.start(4);
    estimate.documentDone("text-layer");
    for (let page = 0; page < 4; page++) estimate.pageQueued("scan");
    clock.advance(10);
    estimate.pageDone();
    // Two documents seen with 4 OCR pages between them: 2 a document for the two unseen.
    expect(estimate.snapshot()).toMatchObject({ pagesExpected: 8, pagesDone: 1, etaSeconds: 70 });
  });

  it("falls back to documents when the run has no OCR page", () => {
    const clock = manualClock();
    const estimate = new ProgressEstimate(clock.now);
    estimate.start(10);
    clock.advance(4);
    estimate.documentDone("a");
    estimate.documentDone("b");
    expect(estimate.snapshot()).toMatchObject({ pagesQueued: 0, documentsPerSecond: 0.5, etaSeconds: 16 });
  });

  it("formats durations for a progress line", () => {
    expect([formatDuration(null), formatDuration(42.4), formatDuration(185), formatDuration(3720)]).toEqual(["?", "42s", "3m05s", "1h02m"]);
  });
});

describe("progress reporting", () => {
  it("writes a line per OCR page with pages done, pages/s and an ETA, and per document its OCR pages", async () => {
    const clock = manualClock();
    const stream = new PassThrough();
    let written = "";
    stream.on("data", (chunk: Buffer) => (written += chunk.toString()));
    const progress = createProgressReporter("lines", stream as unknown as NodeJS.WriteStream, clock.now);
    progress.start(3);
    const reader = countOcrPages(
      {
        engine: "paddle",
        recognizePage: async (request) => {
          clock.advance(5);
          if (request.pageNumber === 3) throw new Error("engine crashed");
          return { number: request.pageNumber, items: [], rulings: [], skewDegrees: 0, confidence: 1, timings: {} } as never;
        },
      },
      progress,
    );
    const bytes = new Uint8Array();
    await reader.recognizePage({ documentKey: "a", bytes, pageNumber: 1 });
    await reader.recognizePage({ documentKey: "a", bytes, pageNumber: 2 });
    await expect(reader.recognizePage({ documentKey: "a", bytes, pageNumber: 3 })).rejects.toThrow("engine crashed");
    progress.documentEnd(scannedResult("a", 3), 0);
    expect(written.trimEnd().split("\n")).toEqual([
      "[ocr] page 1/3 (0.20 pages/s, ETA 10s)",
      "[ocr] page 2/6 (0.20 pages/s, ETA 20s)",
      "[ocr] page 3/9 (0.20 pages/s, ETA 30s)",
      "[1/3] scans/a.pdf: 0 projects (18000 ms, 3 pages by OCR)",
    ]);
  });
});
