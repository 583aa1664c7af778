import cliProgress from "cli-progress";
import type { DocumentResult } from "../schemas/run-summary.js";
import type { OcrPagesContext } from "./ocr-pages.js";
import { formatDuration, ProgressEstimate, type ProgressSnapshot } from "./progress-estimate.js";

/**
 * Progress as the runner reports it; a bar on a terminal, a line per document (and per OCR page) elsewhere.
 * OCR pages are reported as they are sent and come back, since a scanned document takes minutes: the bar then
 * moves by pages, and its rate and ETA are in pages.
 */
export interface ProgressReporter {
  start(total: number): void;
  /** A page of the document with this sha256 was sent to OCR. */
  ocrPageQueued(documentKey: string): void;
  /** An OCR page came back (recognized or failed). */
  ocrPageDone(): void;
  documentEnd(result: DocumentResult, tokensSoFar: number): void;
  stop(): void;
}

/**
 * The OCR reader with every page it reads counted in `progress`: the runner wraps its pool with this, so the
 * OCR stage itself knows nothing of progress.
 */
export function countOcrPages(reader: OcrPagesContext["ocr"], progress: ProgressReporter): OcrPagesContext["ocr"] {
  return {
    engine: reader.engine,
    async recognizePage(request, signal) {
      progress.ocrPageQueued(request.documentKey);
      try {
        return await reader.recognizePage(request, signal);
      } finally {
        progress.ocrPageDone();
      }
    },
  };
}

export function createProgressReporter(kind: "bar" | "lines" | "none", stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): ProgressReporter {
  if (kind === "none") return { start() {}, ocrPageQueued() {}, ocrPageDone() {}, documentEnd() {}, stop() {} };
  const estimate = new ProgressEstimate(now);
  if (kind === "lines") {
    return {
      start(count) {
        estimate.start(count);
      },
      ocrPageQueued(documentKey) {
        estimate.pageQueued(documentKey);
      },
      ocrPageDone() {
        estimate.pageDone();
        const snapshot = estimate.snapshot();
        stream.write(`[ocr] page ${snapshot.pagesDone}/${snapshot.pagesExpected}${pageRate(snapshot)}\n`);
      },
      documentEnd(result) {
        estimate.documentDone(result.sha256 ?? result.path);
        const snapshot = estimate.snapshot();
        const what = result.status === "done" ? `${result.records.length} projects` : `failed: ${errorCode(result)}`;
        const ocr = result.ocrPages.length > 0 ? `, ${result.ocrPages.length} pages by OCR` : "";
        stream.write(`[${snapshot.documentsDone}/${snapshot.documentsTotal}] ${result.path}: ${what} (${Math.round(result.durationMs)} ms${ocr})\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: "{bar} {documents} documents{pages} | {rate} | ETA {estimate} | failed {failed} | tokens {tokens}", stream, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let failed = 0;
  let tokens = 0;
  // The bar fills by OCR pages once the run has some (they are where the time goes), else by documents.
  const redraw = () => {
    const snapshot = estimate.snapshot();
    const byPages = snapshot.pagesQueued > 0;
    bar.setTotal(byPages ? Math.max(1, snapshot.pagesExpected) : snapshot.documentsTotal);
    bar.update(byPages ? snapshot.pagesDone : snapshot.documentsDone, {
      documents: `${snapshot.documentsDone}/${snapshot.documentsTotal}`,
      failed,
      tokens,
      pages: snapshot.pagesQueued > 0 ? ` | OCR pages ${snapshot.pagesDone}/${snapshot.pagesExpected}` : "",
      rate: snapshot.pagesQueued > 0 ? `${snapshot.pagesPerSecond.toFixed(2)} pages/s` : `${snapshot.documentsPerSecond.toFixed(1)} doc/s`,
      estimate: formatDuration(snapshot.etaSeconds),
    });
  };
  return {
    start(total) {
      estimate.start(total);
      bar.start(total, 0, { documents: `0/${total}`, failed: 0, tokens: 0, pages: "", rate: "0.0 doc/s", estimate: "?" });
    },
    ocrPageQueued(documentKey) {
      estimate.pageQueued(documentKey);
      redraw();
    },
    ocrPageDone() {
      estimate.pageDone();
      redraw();
    },
    documentEnd(result, tokensSoFar) {
      if (result.status === "failed") failed++;
      tokens = tokensSoFar;
      estimate.documentDone(result.sha256 ?? result.path);
      redraw();
    },
    stop() {
      bar.stop();
    },
  };
}

function pageRate(snapshot: ProgressSnapshot): string {
  return snapshot.pagesPerSecond > 0 ? ` (${snapshot.pagesPerSecond.toFixed(2)} pages/s, ETA ${formatDuration(snapshot.etaSeconds)})` : "";
}

function errorCode(result: DocumentResult): string {
  const error = result.error as { code?: string; message?: string } | null;
  return error ? `${error.code}: ${error.message}` : `${result.unitErrors.length} unit(s) failed`;
}
