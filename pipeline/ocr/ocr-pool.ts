import os from "node:os";
import { Worker } from "node:worker_threads";
import { ConfigError } from "../errors.js";
import { OcrEngineNameSchema, type OcrEngineName } from "./ocr-engine.js";
import type { OcrWorkerData, OcrWorkerReply, OcrWorkerRequest } from "./ocr-worker.js";
import type { RecognizedPage } from "./recognize-page.js";

export interface OcrPoolOptions {
  /** Worker threads, each with its own engine (paddle: up to ~2 GB each at 200 dpi, models and onnxruntime buffers). @default the number of cores */
  readonly workers?: number;
  /** @default "paddle" */
  readonly engine?: OcrEngineName;
  /** CPU threads each worker's engine may use. @default cores ÷ workers, at least 1 */
  readonly threadsPerWorker?: number;
  /** Resolution pages are rendered at for OCR. 200 reads 10.5 pt table text reliably. @default 200 */
  readonly dpi?: number;
}

export interface OcrPageRequest {
  /** Identifies the PDF (its sha256): a worker keeps the documents it last parsed. */
  readonly documentKey: string;
  /** The PDF bytes; pass `sharePdfBytes(bytes)` so page requests do not copy them. */
  readonly bytes: Uint8Array;
  readonly pageNumber: number;
}

interface Task {
  readonly request: OcrWorkerRequest;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (page: RecognizedPage) => void;
  readonly reject: (error: unknown) => void;
  onAbort?: () => void;
}

interface Slot {
  readonly worker: Worker;
  task: Task | null;
}

/**
 * A pool of worker threads that run OCR, sized to the cores, so rendering and recognition never block the
 * event loop that drives LLM calls and I/O. Workers start on the first page that needs them (a run with no
 * scanned page starts none), keep their models loaded between pages, and do not keep the process alive
 * while idle. Pages queue first in, first out.
 */
export class OcrPool {
  readonly size: number;
  readonly engine: OcrEngineName;
  readonly threadsPerWorker: number;
  readonly dpi: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  #nextId = 1;
  #closed = false;

  constructor(options: OcrPoolOptions = {}) {
    const cores = Math.max(1, os.availableParallelism());
    this.size = wholeNumber("OCR workers", options.workers ?? cores, 1, 64);
    const engine = OcrEngineNameSchema.safeParse(options.engine ?? "paddle");
    if (!engine.success) throw new ConfigError(`Expected the OCR engine to be one of ${OcrEngineNameSchema.options.join(", ")}, got \`${options.engine}\``);
    this.engine = engine.data;
    this.threadsPerWorker = wholeNumber("OCR threads per worker", options.threadsPerWorker ?? Math.max(1, Math.floor(cores / this.size)), 1, 64);
    this.dpi = wholeNumber("OCR dpi", options.dpi ?? 200, 72, 600);
  }

  /** Renders, straightens and recognizes one page in a worker. Rejects with the signal's reason on abort. */
  recognizePage(request: OcrPageRequest, signal?: AbortSignal): Promise<RecognizedPage> {
    if (this.#closed) return Promise.reject(new Error("The OCR pool is closed"));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<RecognizedPage>((resolve, reject) => {
      const task: Task = {
        request: { id: this.#nextId++, documentKey: request.documentKey, bytes: request.bytes, pageNumber: request.pageNumber, dpi: this.dpi },
        signal,
        resolve,
        reject,
      };
      if (signal) {
        task.onAbort = () => this.#abort(task);
        signal.addEventListener("abort", task.onAbort, { once: true });
      }
      this.#queue.push(task);
      this.#dispatch();
    });
  }

  /** Stops every worker; queued pages are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) this.#settle(task, () => task.reject(new Error("The OCR pool was closed before this page was read")));
    await Promise.all(
      this.#slots.splice(0).map(async (slot) => {
        if (slot.task) this.#settle(slot.task, () => slot.task?.reject(new Error("The OCR pool was closed while this page was being read")));
        await slot.worker.terminate();
      }),
    );
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const slot = this.#slots.find((candidate) => candidate.task === null) ?? (this.#slots.length < this.size ? this.#spawn() : undefined);
      if (!slot) return;
      const task = this.#queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage(task.request);
    }
  }

  #spawn(): Slot {
    const worker = startWorker({ engine: this.engine, threads: this.threadsPerWorker });
    const slot: Slot = { worker, task: null };
    worker.on("message", (reply: OcrWorkerReply) => {
      const task = slot.task;
      if (!task || task.request.id !== reply.id) return;
      slot.task = null;
      worker.unref();
      if (reply.ok) this.#settle(task, () => task.resolve(reply.page));
      else this.#settle(task, () => task.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name, stack: reply.error.stack })));
      this.#dispatch();
    });
    const fail = (error: Error) => {
      this.#remove(slot);
      if (slot.task) {
        const task = slot.task;
        slot.task = null;
        this.#settle(task, () => task.reject(error));
      }
      this.#dispatch();
    };
    worker.on("error", (error) => fail(new Error(`An OCR worker crashed: ${error.message}`, { cause: error })));
    worker.on("exit", (code) => {
      if (!this.#closed) fail(new Error(`An OCR worker exited unexpectedly with code ${code}`));
    });
    worker.unref();
    this.#slots.push(slot);
    return slot;
  }

  #abort(task: Task): void {
    const queued = this.#queue.indexOf(task);
    if (queued >= 0) this.#queue.splice(queued, 1);
    const slot = this.#slots.find((candidate) => candidate.task === task);
    if (slot) {
      // A page takes seconds of CPU; stopping the worker frees the core now. A new one starts on demand.
      slot.task = null;
      this.#remove(slot);
      void slot.worker.terminate();
    }
    task.reject(task.signal?.reason);
    this.#dispatch();
  }

  #remove(slot: Slot): void {
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
  }

  #settle(task: Task, settle: () => void): void {
    if (task.onAbort) task.signal?.removeEventListener("abort", task.onAbort);
    settle();
  }
}

/** A copy of the PDF bytes on shared memory: every page request then reaches the workers without a copy. */
export function sharePdfBytes(bytes: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return shared;
}

/**
 * Starts `ocr-worker` in a thread. When the pipeline runs from TypeScript sources (tsx, vitest), the
 * worker first registers tsx's loader, because Node 20 does not apply `--import` hooks to a worker's
 * entry module; a compiled build loads the `.js` entry directly.
 */
function startWorker(data: OcrWorkerData): Worker {
  const entry = new URL(import.meta.url.endsWith(".ts") ? "./ocr-worker.ts" : "./ocr-worker.js", import.meta.url);
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, { workerData: data });
  const loader = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

function wholeNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`Expected ${name} to be a whole number from ${min} to ${max}, got \`${value}\``);
  }
  return value;
}
