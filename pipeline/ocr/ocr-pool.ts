import os from "node:os";
import { ConfigError } from "../errors.js";
import { OcrEngineNameSchema, type OcrEngineName } from "./ocr-engine.js";
import { WorkerPool } from "../workers/worker-pool.js";
import type { OcrWorkerData, OcrWorkerRequest } from "./ocr-worker.js";
import type { RecognizedPage } from "./recognize-page.js";

export interface OcrPoolOptions {
  /** Worker threads, each with its own engine (paddle: models and onnxruntime's working memory, see bench/ocr-bench.ts). @default the number of cores */
  readonly workers?: number;
  /** @default "paddle" */
  readonly engine?: OcrEngineName;
  /** CPU threads each worker's engine may use. @default cores ÷ workers, at least 1 */
  readonly threadsPerWorker?: number;
  /** Resolution pages are rendered at for OCR when they are not one scanned image (those are read at their own). 200 reads 10.5 pt table text reliably. @default 200 */
  readonly dpi?: number;
}

export interface OcrPageRequest {
  /** Identifies the PDF (its sha256): a worker keeps the documents it last parsed. */
  readonly documentKey: string;
  /** The PDF bytes; pass `sharePdfBytes(bytes)` so page requests do not copy them. */
  readonly bytes: Uint8Array;
  readonly pageNumber: number;
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
  readonly #pool: WorkerPool<OcrWorkerRequest, RecognizedPage>;

  constructor(options: OcrPoolOptions = {}) {
    const cores = Math.max(1, os.availableParallelism());
    this.size = wholeNumber("OCR workers", options.workers ?? cores, 1, 64);
    const engine = OcrEngineNameSchema.safeParse(options.engine ?? "paddle");
    if (!engine.success) throw new ConfigError(`Expected the OCR engine to be one of ${OcrEngineNameSchema.options.join(", ")}, got \`${options.engine}\``);
    this.engine = engine.data;
    this.threadsPerWorker = wholeNumber("OCR threads per worker", options.threadsPerWorker ?? Math.max(1, Math.floor(cores / this.size)), 1, 64);
    this.dpi = wholeNumber("OCR dpi", options.dpi ?? 200, 72, 600);
    const entry = new URL(import.meta.url.endsWith(".ts") ? "./ocr-worker.ts" : "./ocr-worker.js", import.meta.url);
    const data: OcrWorkerData = { engine: this.engine, threads: this.threadsPerWorker };
    this.#pool = new WorkerPool(entry, this.size, data, "OCR");
  }

  /** Renders, straightens and recognizes one page in a worker. Rejects with the signal's reason on abort. */
  recognizePage(request: OcrPageRequest, signal?: AbortSignal): Promise<RecognizedPage> {
    return this.#pool.run({ documentKey: request.documentKey, bytes: request.bytes, pageNumber: request.pageNumber, dpi: this.dpi }, signal);
  }

  /** Stops every worker; queued pages are rejected. */
  close(): Promise<void> {
    return this.#pool.close();
  }
}

/** A copy of the PDF bytes on shared memory: every page request then reaches the workers without a copy. */
export function sharePdfBytes(bytes: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return shared;
}

function wholeNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`Expected ${name} to be a whole number from ${min} to ${max}, got \`${value}\``);
  }
  return value;
}
