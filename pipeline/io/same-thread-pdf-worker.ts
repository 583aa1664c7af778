import type { PDFWorker } from "pdfjs-dist/types/src/display/api.js";
import { cloneMessage } from "./clone-message.js";
import { pdfjs, pdfjsWorker } from "./load-pdfjs.js";

type Listener = (this: SameThreadPort, event: { data: unknown }) => void;

/**
 * The two sides of pdf.js in one thread, joined as pdf.js joins them itself when it has no worker thread
 * (its LoopbackPort: every message copied, then delivered a microtask later), but with the copy made by
 * `cloneMessage` instead of `structuredClone`.
 */
class SameThreadPort {
  readonly #listeners = new Set<Listener>();
  readonly #delivered = Promise.resolve();

  postMessage(message: unknown, transfer?: Transferable[]): void {
    const event = { data: streamedPageContent(message) ?? cloneMessage(message, transfer ?? []) };
    void this.#delivered.then(() => {
      for (const listener of this.#listeners) listener.call(this, event);
    });
  }

  addEventListener(_type: "message", listener: Listener): void {
    this.#listeners.add(listener);
  }

  removeEventListener(_type: "message", listener: Listener): void {
    this.#listeners.delete(listener);
  }

  terminate(): void {
    this.#listeners.clear();
  }
}

/** pdf.js's `StreamKind.ENQUEUE`: a chunk of a streamed reply (a page's text items or operators). */
const STREAM_ENQUEUE = 4;

/**
 * A chunk of a page's operator list or text content, copied only as deep as pdf.js's worker reuses it; null
 * for any other message (it is cloned whole).
 *
 * Why: these chunks are nearly all the bytes the worker posts (tens of thousands of small arrays and objects
 * a page), and the worker makes every one of them fresh for the chunk and never touches it again. What it
 * does reuse is the containers: an operator list empties its `fnArray` and `argsArray` in place right after
 * posting them (`OperatorList.flush`), and text content's chunk is the worker's own object, given new `items`
 * and `styles` once posted. So the message, the chunk and those arrays are copied, their elements are not.
 * Copying every element was 0.27 of 4.1 CPU-s in each reader thread over 38 text PDFs (the whole ingest:
 * 0.97x the CPU, farm-bench, 7 pairs). The test beside this file reads every text fixture both ways, against
 * pdf.js's own structuredClone port, so a pdf.js upgrade that starts reusing an element shows there.
 */
function streamedPageContent(message: unknown): unknown {
  if (typeof message !== "object" || message === null) return null;
  const { stream, chunk } = message as { stream?: unknown; chunk?: unknown };
  if (stream !== STREAM_ENQUEUE || typeof chunk !== "object" || chunk === null || Object.getPrototypeOf(chunk) !== Object.prototype) return null;
  const { fnArray, argsArray, items, styles } = chunk as Record<string, unknown>;
  if (Array.isArray(fnArray) && Array.isArray(argsArray)) return { ...message, chunk: { ...chunk, fnArray: fnArray.slice(), argsArray: argsArray.slice() } };
  if (Array.isArray(items) && typeof styles === "object" && styles !== null) return { ...message, chunk: { ...chunk, items: items.slice(), styles: { ...styles } } };
  return null;
}

let shared: PDFWorker | null = null;

/**
 * The pdf.js worker every document of this thread is opened with (`getDocument({ worker })`): pdf.js's own
 * worker code, through `SameThreadPort`. One per thread, as pdf.js's viewer keeps one: each document is its
 * own session on it and is cleaned up by its own `destroy()`.
 *
 * Why not pdf.js's default: its copies were 13 % of the CPU of reading text PDFs (getTextContent and
 * getOperatorList of 162 pages: 1.35 of 9.7 CPU-s), and cloneMessage makes them about 0.7x as dear.
 */
export function sameThreadPdfWorker(): PDFWorker {
  if (shared && !shared.destroyed) return shared;
  const port = new SameThreadPort();
  pdfjsWorker.WorkerMessageHandler.initializeFromPort(port);
  // The worker side logs at the verbosity its PDFWorker was made with, not the one getDocument is given:
  // warnings ("Image exceeded maximum allowed size", the read stage's maxImageSize: 0 at work) stay quiet.
  shared = new pdfjs.PDFWorker({ port: port as never, verbosity: pdfjs.VerbosityLevel.ERRORS });
  return shared;
}
