/**
 * pdf.js for every module that reads or renders a PDF: the legacy build (the one made for Node), its worker
 * loaded into this thread up front, and the engine's `Array.prototype.push` given back.
 *
 * Why push: the legacy build bundles core-js, and on V8 before 12.2 (Node 20) core-js replaces
 * `Array.prototype.push` for the whole thread, to make a push onto an array whose `length` is read-only
 * throw the right error — an edge case nothing here has. The replacement is JavaScript and runs for every
 * push in the thread, and pdf.js's parser pushes every operator, argument and glyph: it was a quarter of the
 * CPU of reading a text PDF (getTextContent over 162 pages, one thread: 6.1 → 4.4 CPU-s with push restored).
 * pdf.mjs and pdf.worker.mjs each install it, and pdf.js would import the worker only at the first
 * `getDocument`, so the worker is imported here first (pdf.js then uses it in this thread, as it would
 * have), and push restored after both. On a newer engine core-js leaves push alone and this changes nothing.
 */
const enginePush = Array.prototype.push;

const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
/** The worker's side of pdf.js, in this thread (`same-thread-pdf-worker.ts` connects the two sides). */
export interface PdfjsWorkerModule {
  readonly WorkerMessageHandler: { initializeFromPort(port: object): void };
}
// @ts-expect-error pdfjs-dist ships no types for the worker module (the interface above is what is used).
const pdfjsWorker = (await import("pdfjs-dist/legacy/build/pdf.worker.mjs")) as PdfjsWorkerModule;
// pdf.js's documented hook for a worker already in this thread (no separate worker file to load).
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;

if (Array.prototype.push !== enginePush) {
  Object.defineProperty(Array.prototype, "push", { value: enginePush, writable: true, enumerable: false, configurable: true });
}

export { pdfjs, pdfjsWorker };
