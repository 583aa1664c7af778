import { setMaxListeners } from "node:events";
import type { PdfDocument, PdfPage } from "../schemas/layout.js";
import type { StageContext } from "./context.js";
import { OcrError } from "./errors.js";
import { assessTextLayer } from "./ocr/assess-text-layer.js";
import { sharePdfBytes, type OcrPool } from "./ocr/ocr-pool.js";

export interface OcrPagesInput {
  /** The read stage's output. */
  readonly document: PdfDocument;
  /** The same PDF's bytes, rendered again for the pages that need OCR. */
  readonly bytes: Uint8Array;
}

/** The stage context plus the OCR pool (anything with its `engine` and `recognizePage`, so tests can fake it). */
export type OcrPagesContext = StageContext & { readonly ocr: Pick<OcrPool, "engine" | "recognizePage"> };

/**
 * OCR stage, between read and normalize: every page whose text layer is missing or garbage is rendered,
 * straightened and recognized in the OCR worker pool, and comes back with `source: "ocr"`, one text item
 * per recognized line (or line part inside a table cell) and the table borders found in the image, all in
 * PDF points with a top-left origin like the read stage's items. Later stages do not care where text came
 * from. Pages with a good text layer are kept untouched, so a mixed PDF only pays for its scanned pages.
 *
 * Boxes are in the straightened page: they differ from the scan by at most the removed skew (a rotation
 * of a degree or two about the page centre), which keeps an evidence box on the right words.
 */
export async function ocrPages(input: OcrPagesInput, context: OcrPagesContext): Promise<PdfDocument> {
  const { document } = input;
  const routed = document.pages.map((page) => ({ page, assessment: assessTextLayer(page) }));
  const toRead = routed.filter(({ assessment }) => !assessment.usable);
  if (toRead.length === 0) return document;

  for (const { page, assessment } of toRead) {
    context.logger.debug("page-ocr-routed", { document: document.path, page: page.number, reason: assessment.reason });
  }
  // One failed page fails the document: stop the others instead of spending CPU on a result we drop.
  const controller = new AbortController();
  const signal = AbortSignal.any([context.signal, controller.signal]);
  // Every queued page listens for the abort; a long document legitimately has more than Node's default 10.
  setMaxListeners(toRead.length + 10, signal);
  const bytes = sharePdfBytes(input.bytes);
  const recognized = await Promise.all(
    toRead.map(async ({ page }) => {
      try {
        const result = await context.ocr.recognizePage({ documentKey: document.sha256, bytes, pageNumber: page.number }, signal);
        context.logger.debug("page-ocr-end", {
          document: document.path,
          page: page.number,
          lines: result.items.length,
          rulings: result.rulings.length,
          skewDegrees: result.skewDegrees,
          pixels: result.pixels,
          confidence: result.confidence,
          ...result.timings,
        });
        return result;
      } catch (error) {
        if (context.signal.aborted) throw error;
        if (!controller.signal.aborted) controller.abort(error);
        throw new OcrError(`OCR of page ${page.number} of ${document.path} failed (${context.ocr.engine} engine): ${describe(error)}`, {
          document: document.path,
          page: page.number,
          cause: error,
        });
      }
    }),
  );

  const byNumber = new Map(recognized.map((result) => [result.number, result]));
  const pages: PdfPage[] = document.pages.map((page) => {
    const result = byNumber.get(page.number);
    if (!result) return page;
    return { number: page.number, width: page.width, height: page.height, source: "ocr", ocrConfidence: result.confidence, items: result.items, rulings: result.rulings };
  });
  context.logger.info("document-ocr-end", { document: document.path, pages: toRead.length, of: document.pageCount, engine: context.ocr.engine });
  return { ...document, pages };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
