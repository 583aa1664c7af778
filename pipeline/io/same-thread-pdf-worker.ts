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
    const event = { data: cloneMessage(message, transfer ?? []) };
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
