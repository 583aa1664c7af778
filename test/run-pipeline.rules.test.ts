import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../pipeline/config.js";
import { LOCK_FILE, RunLock } from "../pipeline/io/run-lock.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import { ProjectRecordSchema } from "../schemas/project-record.js";
import { RunSummarySchema } from "../schemas/run-summary.js";
import { bombPdf } from "./bomb-pdf.js";
import { FIXTURE_PDFS, fixturePath } from "./helpers.js";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function temporaryDirectory(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

describe("runPipeline with the offline rules extractor", () => {
  it("writes one schema-valid record per project of every sample document, and says which extractor ran and why", async () => {
    const outDir = temporaryDirectory("run-");
    const config = resolveConfig({ inputs: [fixturePath("pdf")], out: outDir }, {}, false);
    const outcome = await runPipeline(config);

    expect(outcome.exitCode).toBe(0);
    const lines = readFileSync(path.join(outDir, "records.jsonl"), "utf8").trimEnd().split("\n");
    const records = lines.map((line) => ProjectRecordSchema.parse(JSON.parse(line)));
    expect(records).toHaveLength(8 + 11 + 6);
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
    expect(records.every((record) => record.extraction.extractor === "rules")).toBe(true);

    const summary = RunSummarySchema.parse(JSON.parse(readFileSync(path.join(outDir, "run.json"), "utf8")));
    expect(summary.config).toMatchObject({ extractor: "rules", model: null });
    expect(summary.config.extractorReason).toMatch(/no LLM endpoint is configured/);
    expect(summary.totals).toMatchObject({ documents: 3, done: 3, failed: 0, projects: 25, llmRequests: 0 });
    expect(summary.totals.indicators).toBe(91 + 146 + 37);
  });

  it("traces every indicator's name and value to a page, a cell text and a box", async () => {
    const outDir = temporaryDirectory("run-");
    await runPipeline(resolveConfig({ inputs: [FIXTURE_PDFS.vertical], out: outDir }, {}, false));
    const records = readFileSync(path.join(outDir, "records.jsonl"), "utf8").trimEnd().split("\n").map((line) => ProjectRecordSchema.parse(JSON.parse(line)));
    for (const record of records) {
      record.indicators.forEach((indicator, index) => {
        const name = record.evidence[`indicators.${index}.level3`];
        expect(name, `${record.project.name} #${index}`).toBeDefined();
        expect(name!.text.replace(/\s/g, "")).toContain(indicator.level3.replace(/\s/g, ""));
        expect(record.unit.pages).toContain(name!.page);
        expect(name!.box).not.toBeNull();
        if (indicator.value.raw !== "") expect(record.evidence[`indicators.${index}.value`]!.text.replace(/\s/g, "")).toContain(indicator.value.raw.replace(/\s/g, ""));
      });
    }
    // seed 003's first table: 195000.00 元, exact in fen.
    expect(records[0]!.money).toMatchObject({ unit: "元", total: { raw: "195000.00", fen: 19_500_000 } });
  });

  it("fails each bad input with a clear typed error and still writes every good document", async () => {
    const inputDir = temporaryDirectory("batch-");
    for (const file of readdirSync(fixturePath("bad"))) copyFileSync(fixturePath("bad", file), path.join(inputDir, file));
    mkdirSync(path.join(inputDir, "good"));
    copyFileSync(FIXTURE_PDFS.grid, path.join(inputDir, "good", "seed-000.pdf"));
    const outDir = temporaryDirectory("run-");

    const outcome = await runPipeline(resolveConfig({ inputs: [inputDir], out: outDir }, {}, false));

    expect(outcome.exitCode).toBe(1);
    const byName = Object.fromEntries(outcome.summary.documents.map((document) => [path.basename(document.path), document]));
    expect(byName["seed-000.pdf"]).toMatchObject({ status: "done", projects: 8 });
    const codes = Object.fromEntries(
      Object.entries(byName)
        .filter(([, document]) => document.status === "failed")
        .map(([name, document]) => [name, (document.error as { code: string }).code]),
    );
    expect(codes).toEqual({
      "corrupt.pdf": "pdf_unreadable",
      "empty.pdf": "pdf_empty",
      "encrypted.pdf": "pdf_encrypted",
      "not-a-pdf.pdf": "pdf_not_pdf",
      "truncated.pdf": "pdf_unreadable",
      "zero-pages.pdf": expect.stringMatching(/^pdf_(empty|unreadable)$/),
    });
    for (const document of outcome.summary.documents.filter((entry) => entry.status === "failed")) {
      expect((document.error as { stage: string; message: string }).message.length).toBeGreaterThan(10);
    }
    const records = readFileSync(path.join(outDir, "records.jsonl"), "utf8").trimEnd().split("\n");
    expect(records).toHaveLength(8);
  });

  it("refuses a file over --max-file-mb before reading it", async () => {
    const outDir = temporaryDirectory("run-");
    // The fixture is about 0.6 MiB; a 1 KiB limit stands in for a multi-GiB scan without making one.
    const config = { ...resolveConfig({ inputs: [FIXTURE_PDFS.grid], out: outDir }, {}, false), maxFileBytes: 1024 };
    const outcome = await runPipeline(config);
    expect(outcome.summary.documents[0]).toMatchObject({ status: "failed", error: { code: "pdf_too_large" } });
  });
});

describe("runPipeline run directory state", () => {
  it("skips, on a second run, what the first finished — by content, so a renamed file is not extracted again", async () => {
    const inputDir = temporaryDirectory("inputs-");
    copyFileSync(FIXTURE_PDFS.vertical, path.join(inputDir, "a.pdf"));
    const outDir = temporaryDirectory("run-");
    const first = await runPipeline(resolveConfig({ inputs: [inputDir], out: outDir }, {}, false));
    expect(first.summary.totals).toMatchObject({ done: 1, reused: 0, projects: 6 });

    renameSync(path.join(inputDir, "a.pdf"), path.join(inputDir, "renamed.pdf"));
    const second = await runPipeline(resolveConfig({ inputs: [inputDir], out: outDir }, {}, false));
    expect(second.summary.totals).toMatchObject({ done: 1, reused: 1, projects: 6 });
    const records = readFileSync(path.join(outDir, "records.jsonl"), "utf8").trimEnd().split("\n").map((line) => ProjectRecordSchema.parse(JSON.parse(line)));
    expect(new Set(records.map((record) => path.basename(record.document.path)))).toEqual(new Set(["renamed.pdf"]));
  });

  it("keeps a failure on a re-run, and tries it again with --retry-failed", async () => {
    const inputDir = temporaryDirectory("inputs-");
    copyFileSync(fixturePath("bad", "truncated.pdf"), path.join(inputDir, "broken.pdf"));
    const outDir = temporaryDirectory("run-");
    await runPipeline(resolveConfig({ inputs: [inputDir], out: outDir }, {}, false));
    const again = await runPipeline(resolveConfig({ inputs: [inputDir], out: outDir }, {}, false));
    expect(again.summary.totals).toMatchObject({ failed: 1, reused: 1 });
    const retried = await runPipeline(resolveConfig({ inputs: [inputDir], out: outDir, retryFailed: true }, {}, false));
    expect(retried.summary.totals).toMatchObject({ failed: 1, reused: 0 });
  });

  it("lists a second file with the same bytes but writes its projects once", async () => {
    const inputDir = temporaryDirectory("inputs-");
    copyFileSync(FIXTURE_PDFS.vertical, path.join(inputDir, "a.pdf"));
    copyFileSync(FIXTURE_PDFS.vertical, path.join(inputDir, "b.pdf"));
    const outcome = await runPipeline(resolveConfig({ inputs: [inputDir], out: temporaryDirectory("run-") }, {}, false));
    expect(outcome.summary.totals).toMatchObject({ documents: 2, projects: 6 });
    expect(outcome.summary.documents[1]).toMatchObject({ path: path.join(inputDir, "b.pdf"), duplicateOf: path.join(inputDir, "a.pdf") });
  });

  it("names each copy of a broken file under its own path, the second as a copy of the first", async () => {
    const inputDir = temporaryDirectory("inputs-");
    copyFileSync(fixturePath("bad", "truncated.pdf"), path.join(inputDir, "a.pdf"));
    copyFileSync(fixturePath("bad", "truncated.pdf"), path.join(inputDir, "b.pdf"));
    const outcome = await runPipeline(resolveConfig({ inputs: [inputDir], out: temporaryDirectory("run-") }, {}, false));
    const [first, second] = outcome.summary.documents as Array<{ path: string; error: { message: string; document: string } }>;
    expect(first!.error.message).toContain(path.join(inputDir, "a.pdf"));
    expect(first!.error.message).not.toContain("b.pdf");
    expect(first!.error.document).toBe(path.join(inputDir, "a.pdf"));
    expect(second!.error.message).toMatch(new RegExp(`^${escapeRegExp(path.join(inputDir, "b.pdf"))} has the same bytes as ${escapeRegExp(path.join(inputDir, "a.pdf"))}: `));
    expect(second!.error.document).toBe(path.join(inputDir, "b.pdf"));
  });

  it("refuses a run directory another run holds, naming it, and releases its own lock when done", async () => {
    const outDir = temporaryDirectory("run-");
    const holder = RunLock.acquire(outDir, new Date("2026-12-02T08:00:00Z"));
    const config = resolveConfig({ inputs: [FIXTURE_PDFS.vertical], out: outDir }, {}, false);
    await expect(runPipeline(config)).rejects.toThrow(`pid ${process.pid} on ${os.hostname()}, started 2026-12-02T08:00:00.000Z`);
    expect(existsSync(path.join(outDir, "state.sqlite"))).toBe(false);
    holder.release();
    await expect(runPipeline(config)).resolves.toMatchObject({ exitCode: 0 });
    expect(existsSync(path.join(outDir, LOCK_FILE))).toBe(false);
  });

  it("removes the temporary files a killed run left behind, and only those", async () => {
    const outDir = temporaryDirectory("run-");
    mkdirSync(path.join(outDir, "documents"));
    const orphans = [path.join(outDir, "records.jsonl.4242.0a1b2c3d.tmp"), path.join(outDir, "documents", "abc.json.4242.deadbeef.tmp")];
    for (const file of orphans) writeFileSync(file, "half written");
    writeFileSync(path.join(outDir, "notes.tmp"), "the user's own");
    await runPipeline(resolveConfig({ inputs: [FIXTURE_PDFS.vertical], out: outDir }, {}, false));
    for (const file of orphans) expect(existsSync(file)).toBe(false);
    expect(existsSync(path.join(outDir, "notes.tmp"))).toBe(true);
  });

  it("fails a decompression bomb with pdf_too_costly naming the limit, and reads the next document in a worker of normal size", async () => {
    const inputDir = temporaryDirectory("inputs-");
    writeFileSync(path.join(inputDir, "a-bomb.pdf"), bombPdf(32 * 1024 * 1024));
    copyFileSync(FIXTURE_PDFS.vertical, path.join(inputDir, "b-genuine.pdf"));
    const outDir = temporaryDirectory("run-");
    const outcome = await runPipeline(resolveConfig({ inputs: [inputDir], out: outDir, maxInflatedMb: 4, concurrency: 1 }, {}, false));
    expect(outcome.exitCode).toBe(1);
    const [bomb, genuine] = outcome.summary.documents;
    expect(bomb).toMatchObject({ status: "failed", error: { code: "pdf_too_costly", stage: "read", details: { limit: "--max-inflated-mb" } } });
    expect(genuine).toMatchObject({ status: "done", projects: 6 });
    const rows = parse(readFileSync(path.join(outDir, "documents.csv"), "utf8"), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows[0]!.error_code).toBe("pdf_too_costly");
  });

  it("fails a document whose reading runs past --max-read-seconds with pdf_too_costly, its worker stopped", async () => {
    const config = resolveConfig({ inputs: [FIXTURE_PDFS.vertical], out: temporaryDirectory("run-") }, {}, false);
    // A bound no reading can meet, so the test does not depend on how fast the machine is.
    const outcome = await runPipeline({ ...config, limits: { ...config.limits, readTimeoutMs: 1 } });
    expect(outcome.summary.documents[0]).toMatchObject({ status: "failed", error: { code: "pdf_too_costly", details: { limit: "--max-read-seconds" } } });
  });

  it("carries a manifest's region, year and other columns into the records", async () => {
    const outDir = temporaryDirectory("run-");
    await runPipeline(resolveConfig({ inputs: [fixturePath("manifest", "sample-manifest.csv")], out: outDir, formats: "" }, {}, false));
    const records = readFileSync(path.join(outDir, "records.jsonl"), "utf8").trimEnd().split("\n").map((line) => ProjectRecordSchema.parse(JSON.parse(line)));
    const vertical = records.find((record) => record.document.path.endsWith("seed-003-vertical.pdf"))!;
    expect(vertical.document).toMatchObject({ region: "河北省保定市顺平县", year: 2021, metadata: { source: "scanned archive, box 12" } });
  });

  it("counts in run.json exactly the flags the flags table lists, a document's own flag once, and carries the manifest into every table", async () => {
    const outDir = temporaryDirectory("run-");
    const outcome = await runPipeline(resolveConfig({ inputs: [fixturePath("manifest", "sample-manifest.csv")], out: outDir, formats: "csv" }, {}, false));
    const table = (name: string) => parse(readFileSync(path.join(outDir, `${name}.csv`)), { bom: true, columns: true }) as Array<Record<string, string>>;
    const flags = table("flags");
    const byCode: Record<string, number> = {};
    for (const flag of flags) byCode[flag.code!] = (byCode[flag.code!] ?? 0) + 1;
    expect(outcome.summary.totals.flagsByCode).toEqual(byCode);
    expect(Object.values(outcome.summary.totals.flagsBySeverity).reduce((total, count) => total + count, 0)).toBe(flags.length);
    // seed 003 names two project tables alike: one flag on the document, not one per project.
    const documentFlags = flags.filter((flag) => flag.record_id === "");
    expect(documentFlags.map((flag) => [path.basename(flag.document_path!), flag.code, flag.manifest_source])).toEqual([["seed-003-vertical.pdf", "duplicate_project_name", "scanned archive, box 12"]]);
    expect(table("documents").map((document) => [path.basename(document.path!), document.document_flags, document.manifest_region])).toEqual([
      ["seed-000-grid.pdf", "0", "宁夏回族自治区石嘴山市平罗县"],
      ["seed-003-vertical.pdf", "1", "河北省保定市顺平县"],
    ]);
    expect(new Set(table("indicators").map((indicator) => indicator.manifest_source))).toEqual(new Set(["county portal, 2021-03", "scanned archive, box 12"]));
    // The PDF's own metadata, read by the reader thread from the file it already has open.
    expect(table("documents")[0]).toMatchObject({ page_count: "11", pdf_title: "seed-000-grid (000_60f5ac7a26e34816.txt)", pdf_producer: "Skia/PDF m156", pdf_created: "2024-01-01T00:00:00.000Z" });
  });
});
