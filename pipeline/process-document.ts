import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import type { Flag } from "../schemas/flag.js";
import type { PdfInfo } from "../schemas/layout.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import type { DocumentContext, SegmentedDocument } from "../schemas/project-unit.js";
import type { DocumentResult } from "../schemas/run-summary.js";
import type { PipelineConfig } from "./config.js";
import type { StageContext } from "./context.js";
import { buildRecord } from "./domain/build-record.js";
import { PdfReadError, serializeError, UnitsFailedError } from "./errors.js";
import { extractRecords } from "./extract-records.js";
import { addUsage, NO_USAGE, type ExtractorContext } from "./extractors/extraction-result.js";
import { forDocument } from "./extractors/vision/for-document.js";
import type { InputDocument } from "./io/find-inputs.js";
import { normalizeDocument } from "./normalize-text.js";
import { ocrPages, type OcrPagesContext } from "./ocr-pages.js";
import { rebuildLayout } from "./rebuild-layout.js";
import { segmentProjects } from "./segment-projects.js";
import { validateRecords } from "./validate-records.js";
import { RemoteStageError, type DocumentReaderPool } from "./workers/read-pdf-pool.js";

/**
 * One document through the stages, in two halves the runner (or a queue worker) chains: `readDocument`
 * (read → OCR → layout → segment) and `extractDocument` (extract → validate). Every failure along the way
 * ends as the document's failed result, as data.
 */

export type LoadedDocument = { readonly bytes: Uint8Array; readonly sha256: string; readonly error?: undefined } | { readonly error: unknown; readonly sha256: null };

/** What a document's result holds before extraction: `readDocument` fills in the page count, OCR'd pages and PDF info. */
export type DocumentBase = ReturnType<typeof documentBase>;

/**
 * The document's pages for the vision path: its bytes (to render a page) and its OCR'd pages' mean
 * confidence (which pages the OCR read poorly). Unused without `--vision-model` or without OCR'd pages.
 */
export interface DocumentPages {
  readonly bytes: Uint8Array;
  readonly ocrConfidence: ReadonlyMap<number, number>;
}

/** The file's bytes and content hash, or why it could not be read (too large, unreadable), as data. */
export async function loadDocument(file: string, stage: StageContext): Promise<LoadedDocument> {
  try {
    const size = (await stat(file)).size;
    if (size > stage.config.maxFileBytes) {
      throw new PdfReadError(`${file} is ${(size / 1048576).toFixed(1)} MiB, over --max-file-mb ${stage.config.maxFileBytes / 1048576}`, {
        document: file,
        reason: "too_large",
      });
    }
    const bytes = new Uint8Array(await readFile(file));
    return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
  } catch (error) {
    const failure = error instanceof PdfReadError ? error : new PdfReadError(`Could not read ${file}: ${error instanceof Error ? error.message : String(error)}`, { document: file, reason: "unreadable", cause: error });
    return { error: failure, sha256: null };
  }
}

export function documentBase(input: InputDocument, sha256: string | null) {
  return {
    path: input.path,
    sha256,
    family: null,
    pageCount: 0,
    ocrPages: [] as number[],
    pdfInfo: null as PdfInfo | null,
    records: [] as ProjectRecord[],
    documentFlags: [] as Flag[],
    unitErrors: [] as unknown[],
    unitsByExtractor: { rules: 0, llm: 0 },
    routedToLlm: 0,
    usage: NO_USAGE,
    failedAttemptUsage: NO_USAGE,
    // A failed document has no records to carry the manifest row, and its row in `documents` still needs it.
    ...(Object.keys(input.metadata).length > 0 ? { metadata: input.metadata } : {}),
  };
}

/** The whole document in one process: read, then extract; any failure is the document's failed result. */
export async function processDocument(
  input: InputDocument,
  loaded: LoadedDocument,
  extractor: PipelineConfig["extractor"],
  stage: StageContext,
  extractorContext: ExtractorContext,
  reader: DocumentReaderPool,
  ocr: () => OcrPagesContext["ocr"],
): Promise<DocumentResult> {
  const started = performance.now();
  const base = documentBase(input, loaded.sha256);
  try {
    if (loaded.sha256 === null) throw loaded.error;
    const ocrConfidence = new Map<number, number>();
    const segmented = await readDocument(input.path, loaded.bytes, base, stage, reader, ocr, ocrConfidence);
    return await extractDocument(input, segmented, { bytes: loaded.bytes, ocrConfidence }, base, started, extractor, stage, extractorContext);
  } catch (error) {
    if (stage.signal.aborted) throw error;
    return failedDocument(base, error, started, stage);
  }
}

/** The document's failed result: `error` is why, typed; `base` says how far it got. */
export function failedDocument(base: DocumentBase, error: unknown, started: number, stage: StageContext): DocumentResult {
  stage.logger.warn("document-failed", { path: base.path, error: serializeError(error).code });
  return { ...base, status: "failed", error: serializeError(error), durationMs: performance.now() - started };
}

/**
 * Extract → validate of a segmented document. Throws what the caller turns into the document's failure;
 * `started` is when the document's work began (performance.now()), for its duration.
 */
export async function extractDocument(
  input: InputDocument,
  segmented: SegmentedDocument,
  pages: DocumentPages,
  base: DocumentBase,
  started: number,
  extractor: PipelineConfig["extractor"],
  stage: StageContext,
  extractorContext: ExtractorContext,
): Promise<DocumentResult> {
  const withPages = forDocument(extractorContext, pages.bytes, pages.ocrConfidence, stage.config.vision?.dpi ?? 150);
  const { extractions, unattributed } = await extractRecords(segmented, extractor, withPages.context).finally(() => withPages.close());

  const results = extractions.flatMap((extraction) => (extraction.result ? [extraction.result] : []));
  const usage = results.reduce((sum, result) => addUsage(sum, result.usage), unattributed.usage);
  const failedAttemptUsage = results.reduce((sum, result) => addUsage(sum, result.failedAttemptUsage), unattributed.failedAttemptUsage);
  const unitErrors = extractions.flatMap((extraction) => (extraction.error ? [serializeError(extraction.error)] : []));
  const accounting = {
    family: segmented.context.family,
    unitsByExtractor: {
      rules: results.filter((result) => result.extractor === "rules").length,
      llm: results.filter((result) => result.extractor === "llm").length,
    },
    routedToLlm: results.filter((result) => result.routedBecause).length,
    usage,
    failedAttemptUsage,
  };
  if (unitErrors.length > 0) {
    // All or nothing per document: a half-extracted document is not written, so a re-run can complete it.
    const error = new UnitsFailedError(unitErrors, extractions.length, input.path);
    return { ...base, ...accounting, status: "failed", error: serializeError(error), unitErrors, durationMs: performance.now() - started };
  }
  const context = withManifestMetadata(segmented.context, input.metadata);
  const records = extractions.map((extraction) => withMetadata(buildRecord(extraction.unit, context, extraction.result!), input.metadata));
  const validated = await validateRecords({ context, units: extractions.map((extraction) => extraction.unit), records }, stage);
  return {
    ...base,
    ...accounting,
    status: "done",
    records: validated.records,
    documentFlags: validated.documentFlags,
    error: null,
    unitErrors: [],
    durationMs: performance.now() - started,
  };
}

/**
 * Read → segment in a worker thread. Pages without a usable text layer go through OCR first (its own
 * worker pool), then the cheap stages run here. `base` learns the page count, the OCR'd pages and the PDF's info.
 */
export async function readDocument(
  file: string,
  bytes: Uint8Array,
  base: { pageCount: number; ocrPages: number[]; pdfInfo: PdfInfo | null },
  stage: StageContext,
  reader: DocumentReaderPool,
  ocr: () => OcrPagesContext["ocr"],
  /** Filled with the OCR'd pages' mean confidence, for the vision path. */
  ocrConfidence: Map<number, number>,
): Promise<SegmentedDocument> {
  let reply;
  try {
    reply = await reader.read({ path: file, bytes }, stage.signal);
  } catch (error) {
    if (error instanceof RemoteStageError) base.pageCount = error.pageCount;
    throw error;
  }
  if (reply.kind === "segmented") {
    base.pageCount = reply.pageCount;
    base.pdfInfo = reply.info;
    return reply.segmented;
  }
  base.pageCount = reply.document.pageCount;
  base.pdfInfo = reply.document.info ?? null;
  base.ocrPages = [...reply.pages];
  const document = await ocrPages({ document: reply.document, bytes }, { ...stage, ocr: ocr() });
  for (const page of document.pages) if (page.ocrConfidence !== undefined) ocrConfidence.set(page.number, page.ocrConfidence);
  const layout = await rebuildLayout(await normalizeDocument(document, stage), stage);
  return segmentProjects(layout, stage);
}

/** A manifest's region and year replace what the document says of itself: the manifest is the catalogue. */
function withManifestMetadata(context: DocumentContext, metadata: InputDocument["metadata"]): DocumentContext {
  return {
    ...context,
    region: metadata.region ?? context.region,
    year: metadata.year !== undefined ? Number(metadata.year) : context.year,
  };
}

function withMetadata(record: ProjectRecord, metadata: InputDocument["metadata"]): ProjectRecord {
  return Object.keys(metadata).length === 0 ? record : { ...record, document: { ...record.document, metadata: { ...metadata } } };
}
