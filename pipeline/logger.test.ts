import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createJsonLogger, createLineLogger } from "./logger.js";

function capture(): { stream: PassThrough; lines: () => string[] } {
  const stream = new PassThrough();
  let written = "";
  stream.on("data", (chunk: Buffer) => (written += chunk.toString()));
  return { stream, lines: () => written.split("\n").filter(Boolean) };
}

describe("createJsonLogger", () => {
  it("writes one JSON object a line with the level, an ISO time, the event and its fields", async () => {
    const { stream, lines } = capture();
    const logger = await createJsonLogger(stream);
    logger.info("document-ocr-end", { document: "scans/a.pdf", pages: 3, of: 9, engine: "paddle" });
    logger.warn("document-failed", { path: "bad/x.pdf", error: "pdf_unreadable" });
    const [first, second] = lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toEqual({ level: "info", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), event: "document-ocr-end", document: "scans/a.pdf", pages: 3, of: 9, engine: "paddle" });
    expect(second).toMatchObject({ level: "warn", event: "document-failed", path: "bad/x.pdf", error: "pdf_unreadable" });
    expect(lines()).toHaveLength(2);
  });

  it("keeps debug events for --verbose, and a text with a line break on its one line", async () => {
    const quiet = capture();
    (await createJsonLogger(quiet.stream)).debug("page-ocr-routed", { page: 1 });
    expect(quiet.lines()).toEqual([]);
    const verbose = capture();
    (await createJsonLogger(verbose.stream, true)).debug("page-ocr-routed", { page: 1, reason: "no text\nlayer" });
    expect(verbose.lines()).toHaveLength(1);
    expect(JSON.parse(verbose.lines()[0]!)).toMatchObject({ level: "debug", event: "page-ocr-routed", reason: "no text\nlayer" });
  });

  it("redacts a field named like a secret", async () => {
    const { stream, lines } = capture();
    (await createJsonLogger(stream)).info("llm-request", { model: "m", apiKey: "sk-secret", headers: { authorization: "Bearer sk-secret" } });
    expect(lines()[0]).not.toContain("sk-secret");
    expect(JSON.parse(lines()[0]!)).toMatchObject({ apiKey: "[redacted]", headers: { authorization: "[redacted]" } });
  });
});

describe("createLineLogger", () => {
  it("writes warnings as `warn event key=value` and keeps info for --verbose", () => {
    const { stream, lines } = capture();
    const logger = createLineLogger(stream);
    logger.info("run-start", { documents: 3 });
    logger.warn("document-failed", { path: "bad/x.pdf", error: "pdf_unreadable" });
    expect(lines()).toEqual(["warn document-failed path=bad/x.pdf error=pdf_unreadable"]);
  });
});
