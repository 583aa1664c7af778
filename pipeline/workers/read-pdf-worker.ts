/**
 * Internal: the body of a document worker thread (started by `createDocumentReaderPool`). pdf.js parsing
 * is the pipeline's heaviest CPU work (about 0.4 s for a ten-page table), so it runs here, off the event
 * loop, together with the cheap stages after it: the thread then sends back a small segmented document
 * instead of every glyph of every page. A document with pages that need OCR comes back read but not
 * segmented: OCR has its own pool, and the runner finishes those documents.
 */
// First: this thread never draws, so pdf.js loads without Skia (see the module).
import "../io/pdfjs-without-canvas.js";
import { workerData } from "node:worker_threads";
import type { PdfDocument, PdfInfo } from "../../schemas/layout.js";
import type { SegmentedDocument } from "../../schemas/project-unit.js";
import type { PipelineConfig } from "../config.js";
import type { StageContext } from "../context.js";
import { serializeError, type SerializedError } from "../errors.js";
import { silentLogger } from "../logger.js";
import { normalizeDocument } from "../normalize-text.js";
import { assessTextLayer } from "../ocr/assess-text-layer.js";
import { readPdf } from "../read-pdf.js";
import { rebuildLayout } from "../rebuild-layout.js";
import { segmentProjects } from "../segment-projects.js";
import { serveWorkerTasks } from "./serve-worker-tasks.js";

export interface ReadDocumentRequest {
  readonly path: string;
  readonly bytes: Uint8Array;
}

export type ReadDocumentReply =
  | { readonly kind: "segmented"; readonly segmented: SegmentedDocument; readonly pageCount: number; readonly info: PdfInfo | null }
  | { readonly kind: "needs-ocr"; readonly document: PdfDocument; readonly pages: readonly number[] }
  | { readonly kind: "failed"; readonly error: SerializedError; readonly pageCount: number };

const stage: StageContext = { config: workerData as PipelineConfig, logger: silentLogger, signal: new AbortController().signal };

serveWorkerTasks<ReadDocumentRequest, ReadDocumentReply>(async (request) => {
  let pageCount = 0;
  try {
    const document = await readPdf(request, stage);
    pageCount = document.pageCount;
    const unusable = document.pages.filter((page) => !assessTextLayer(page).usable).map((page) => page.number);
    if (unusable.length > 0) return { kind: "needs-ocr", document, pages: unusable };
    const layout = await rebuildLayout(await normalizeDocument(document, stage), stage);
    return { kind: "segmented", segmented: await segmentProjects(layout, stage), pageCount, info: document.info ?? null };
  } catch (error) {
    // Typed errors do not survive the thread boundary as classes; their serialized form does.
    return { kind: "failed", error: serializeError(error), pageCount };
  }
});
