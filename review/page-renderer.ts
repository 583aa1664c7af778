import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import PQueue from "p-queue";
import { pdfjs } from "../pipeline/io/load-pdfjs.js";
import type { PDFDocumentProxy } from "pdfjs-dist/types/src/display/api.js";
import { NotFoundError, PdfUnavailableError } from "./review-errors.js";

/** Sizes of the renderer's caches and the scale of its images. */
export interface PageRendererOptions {
  /** Pixels per PDF point. */
  readonly scale: number;
  /** Rendered pages kept in memory (a page at scale 2 is 0.3–1.5 MB of PNG). @default 32 */
  readonly cachedPages?: number;
  /** Open PDFs kept between requests, so paging through a record does not re-parse its document. @default 3 */
  readonly openDocuments?: number;
}

const PDFJS_ROOT = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));

/**
 * Renders PDF pages to PNG for the record page, with pdf.js and @napi-rs/canvas: the engine and the settings
 * of the read stage (`isEvalSupported: false`: the PDF is untrusted), so page geometry at scale 1 is exactly
 * the space the evidence boxes are in. pdf-parse's `getScreenshot` is this same path behind its own bundled
 * pdf.js copy and options, which would put a second, differently configured pdf.js in the process.
 *
 * pdf.js in Node runs its "worker" on the main thread, so renders are queued one at a time (parallel renders
 * would only interleave), finished pages are cached, and two requests for one page share one render.
 */
export class PageRenderer {
  private readonly scale: number;
  private readonly cachedPages: number;
  private readonly openDocuments: number;
  private readonly queue = new PQueue({ concurrency: 1 });
  private readonly pages = new Map<string, Promise<Buffer>>();
  private readonly documents = new Map<string, Promise<PDFDocumentProxy>>();

  constructor(options: PageRendererOptions) {
    this.scale = options.scale;
    this.cachedPages = options.cachedPages ?? 32;
    this.openDocuments = options.openDocuments ?? 3;
  }

  /**
   * PNG of one page of the PDF at `file`, whose content hash is `sha256` (the cache key: a path can change
   * content between runs, a hash cannot).
   * @throws NotFoundError for a page the document does not have; PdfUnavailableError when it cannot be rendered.
   */
  async render(file: string, sha256: string, pageNumber: number): Promise<Buffer> {
    const key = `${sha256}:${pageNumber}`;
    const cached = this.pages.get(key);
    if (cached) {
      // Re-insert: Map order is the eviction order, least recently used first.
      this.pages.delete(key);
      this.pages.set(key, cached);
      return cached;
    }
    const rendering = this.queue.add(() => this.renderNow(file, sha256, pageNumber));
    this.pages.set(key, rendering);
    rendering.catch(() => this.pages.delete(key));
    while (this.pages.size > this.cachedPages) this.pages.delete(this.pages.keys().next().value!);
    return rendering;
  }

  async close(): Promise<void> {
    this.queue.clear();
    await this.queue.onIdle();
    const documents = [...this.documents.values()];
    this.documents.clear();
    this.pages.clear();
    await Promise.all(documents.map(async (opening) => (await opening.catch(() => null))?.destroy()));
  }

  private async renderNow(file: string, sha256: string, pageNumber: number): Promise<Buffer> {
    const document = await this.open(file, sha256);
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > document.numPages) {
      throw new NotFoundError(`The document has pages 1 to ${document.numPages}, not ${pageNumber}`);
    }
    try {
      const page = await document.getPage(pageNumber);
      try {
        const viewport = page.getViewport({ scale: this.scale });
        const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
        const context = canvas.getContext("2d");
        // A transparent page would show the app's background through it.
        context.fillStyle = "#ffffff";
        context.fillRect(0, 0, canvas.width, canvas.height);
        await page.render({
          canvas: canvas as unknown as HTMLCanvasElement,
          canvasContext: context as unknown as CanvasRenderingContext2D,
          viewport,
        }).promise;
        return await canvas.encode("png");
      } finally {
        page.cleanup();
      }
    } catch (cause) {
      throw new PdfUnavailableError(`Page ${pageNumber} of ${path.basename(file)} could not be rendered: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
    }
  }

  private open(file: string, sha256: string): Promise<PDFDocumentProxy> {
    const open = this.documents.get(sha256);
    if (open) {
      this.documents.delete(sha256);
      this.documents.set(sha256, open);
      return open;
    }
    const opening = openPdf(file);
    this.documents.set(sha256, opening);
    opening.catch(() => this.documents.delete(sha256));
    while (this.documents.size > this.openDocuments) {
      const [oldest, evicted] = this.documents.entries().next().value!;
      this.documents.delete(oldest);
      void evicted.then((document) => document.destroy()).catch(() => undefined);
    }
    return opening;
  }
}

async function openPdf(file: string): Promise<PDFDocumentProxy> {
  try {
    const bytes = new Uint8Array(await readFile(file));
    return await pdfjs.getDocument({
      data: bytes,
      // Untrusted input: never compile PDF-supplied code (CVE-2024-4367 class of bugs).
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      // Without these, text in a non-embedded font (SimSun is often not embedded) renders as nothing.
      cMapUrl: `${path.join(PDFJS_ROOT, "cmaps")}${path.sep}`,
      cMapPacked: true,
      standardFontDataUrl: `${path.join(PDFJS_ROOT, "standard_fonts")}${path.sep}`,
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    }).promise;
  } catch (cause) {
    throw new PdfUnavailableError(`${path.basename(file)} could not be opened for rendering: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
  }
}
