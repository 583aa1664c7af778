import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DocumentResult } from "../schemas/run-summary.js";
import { OutputWriteError } from "./errors.js";
import { resultFileSource, writeDocumentResult } from "./write-outputs.js";
import { sampleRun } from "./writers/test-run.js";

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), "write-outputs-"));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

async function collect(source: { each(): AsyncIterable<DocumentResult> }): Promise<DocumentResult[]> {
  const documents: DocumentResult[] = [];
  for await (const document of source.each()) documents.push(document);
  return documents;
}

describe("resultFileSource", () => {
  it("reads the result files on every pass in input path order: a renamed file under its new name, a second copy without its records", async () => {
    const [vertical, rowList] = sampleRun().documents as [DocumentResult, DocumentResult];
    const verticalFile = await writeDocumentResult(outDir, vertical);
    const rowListFile = await writeDocumentResult(outDir, rowList);
    const source = resultFileSource(
      new Map([
        ["inputs/z-vertical.pdf", verticalFile],
        ["inputs/renamed-row-list.pdf", rowListFile],
        ["inputs/y-copy-of-row-list.pdf", rowListFile],
      ]),
    );
    expect(source.count).toBe(3);
    for (let pass = 0; pass < 2; pass++) {
      const documents = await collect(source);
      expect(documents.map((document) => [document.path, document.records.length, document.duplicateOf])).toEqual([
        ["inputs/renamed-row-list.pdf", 2, undefined],
        ["inputs/y-copy-of-row-list.pdf", 0, "inputs/renamed-row-list.pdf"],
        ["inputs/z-vertical.pdf", 2, undefined],
      ]);
      expect(documents[0]?.records.map((record) => record.document.path)).toEqual(["inputs/renamed-row-list.pdf", "inputs/renamed-row-list.pdf"]);
      expect(documents[1]?.documentFlags).toEqual([]);
    }
  });

  it("fails naming the document when its result file can no longer be read, so no output leaves it out silently", async () => {
    const [vertical] = sampleRun().documents as [DocumentResult];
    const file = await writeDocumentResult(outDir, vertical);
    const source = resultFileSource(new Map([[vertical.path, file]]));
    expect(await collect(source)).toHaveLength(1);
    await writeFile(file, "{ truncated");
    const failure = collect(source);
    await expect(failure).rejects.toBeInstanceOf(OutputWriteError);
    await expect(failure).rejects.toThrow(`the result of ${vertical.path}, is missing or not a document result`);
  });

  it("validates a result file again when its bytes changed between passes, and gives the same documents as a first reading", async () => {
    const [vertical] = sampleRun().documents as [DocumentResult];
    const file = await writeDocumentResult(outDir, vertical);
    const source = resultFileSource(new Map([[vertical.path, file]]));
    const first = await collect(source);
    const second = await collect(source);
    expect(second).toEqual(first);
    // Each pass parses its own objects: a writer that changes what it was given changes nothing for the next.
    expect(second[0]).not.toBe(first[0]);
    (first[0] as { records: unknown[] }).records.length = 0;
    expect(await collect(source)).toEqual(second);
    expect(await collect(resultFileSource(new Map([[vertical.path, file]])))).toEqual(second);
    // Well-formed JSON that is not a document result: only the schema can tell.
    await writeFile(file, JSON.stringify({ ...vertical, status: "finished-ish" }));
    await expect(collect(source)).rejects.toBeInstanceOf(OutputWriteError);
  });
});
