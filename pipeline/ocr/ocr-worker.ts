/**
 * Internal: the body of one OCR worker thread (started by `OcrPool`). It owns one engine instance and the
 * PDFs it was last asked about, and answers one page request at a time.
 */
import { workerData } from "node:worker_threads";
import type { PDFDocumentProxy } from "pdfjs-dist/types/src/display/api.js";
import type { OcrEngine, OcrEngineName } from "./ocr-engine.js";
import { OCR_ENGINES } from "./ocr-engines.js";
import { openPdfForRendering } from "./rasterize-page.js";
import { serveWorkerTasks } from "../workers/serve-worker-tasks.js";
import { recognizePage, type RecognizedPage } from "./recognize-page.js";

export interface OcrWorkerData {
  readonly engine: OcrEngineName;
  readonly threads: number;
}

export interface OcrWorkerRequest {
  /** Identifies the PDF (its sha256) so pages of one document reuse one parsed copy. */
  readonly documentKey: string;
  /** The PDF bytes, normally on a SharedArrayBuffer so no page request copies them. */
  readonly bytes: Uint8Array;
  readonly pageNumber: number;
  readonly dpi: number;
}


/** Documents kept open: two, so two documents OCR'd side by side do not re-parse on every page. */
const OPEN_DOCUMENTS = 2;

const { engine: engineName, threads } = workerData as OcrWorkerData;
const enginePromise: Promise<OcrEngine> = OCR_ENGINES[engineName]({ threads });
const documents = new Map<string, Promise<PDFDocumentProxy>>();

function openDocument(key: string, bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const open = documents.get(key);
  if (open) {
    // Most recently used goes last.
    documents.delete(key);
    documents.set(key, open);
    return open;
  }
  const opening = openPdfForRendering(bytes);
  documents.set(key, opening);
  while (documents.size > OPEN_DOCUMENTS) {
    const [oldestKey, oldest] = documents.entries().next().value as [string, Promise<PDFDocumentProxy>];
    documents.delete(oldestKey);
    void oldest.then((document) => document.destroy()).catch(() => undefined);
  }
  opening.catch(() => documents.delete(key));
  return opening;
}

serveWorkerTasks<OcrWorkerRequest, RecognizedPage>(async (request) => {
  const [engine, document] = await Promise.all([enginePromise, openDocument(request.documentKey, request.bytes)]);
  return recognizePage(document, request.pageNumber, engine, request.dpi);
});
