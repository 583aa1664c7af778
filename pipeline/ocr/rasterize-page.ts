import { createCanvas, type Canvas } from "@napi-rs/canvas";
import { pdfjs } from "../io/load-pdfjs.js";
import { sameThreadPdfWorker } from "../io/same-thread-pdf-worker.js";
import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist/types/src/display/api.js";
import { embeddedScan } from "./embedded-scan.js";
import { grayFromRgba, type GrayImage } from "./gray-image.js";

/** A page rendered to pixels, with what it takes to turn pixel positions back into PDF points. */
export interface RasterPage {
  readonly image: GrayImage;
  /** Pixels per PDF point (dpi / 72; for an embedded scan, its own dpi / 72). */
  readonly scale: number;
  /** Page size in PDF points, as the read stage reports it. */
  readonly width: number;
  readonly height: number;
}

/**
 * Opens a PDF for rendering. Same pdf.js settings as the read stage (untrusted input: no eval, no system
 * fonts); fonts are rendered from the file itself so a page with a broken text layer still looks right.
 */
export async function openPdfForRendering(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  return pdfjs.getDocument({
    // pdf.js detaches the buffer it is given; keep the caller's bytes intact.
    data: bytes.slice(),
    isEvalSupported: false,
    worker: sameThreadPdfWorker(),
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  }).promise;
}

/** How a page's pixels were obtained: its embedded scan as is, or a rendering at the OCR dpi. */
export type RasterSource = "embedded-scan" | "rendered";

/**
 * The page's pixels for OCR: the scan itself at its native resolution when the page is one full-page
 * image (see `embeddedScan`), else the page rendered at `dpi`.
 */
export async function pagePixels(document: PDFDocumentProxy, pageNumber: number, dpi: number): Promise<RasterPage & { readonly source: RasterSource }> {
  const page = await document.getPage(pageNumber);
  try {
    const scan = await embeddedScan(page);
    if (scan) {
      const base = page.getViewport({ scale: 1 });
      return { image: scan.image, scale: scan.scale, width: base.width, height: base.height, source: "embedded-scan" };
    }
    return { ...(await renderPage(page, dpi)), source: "rendered" };
  } finally {
    page.cleanup();
  }
}

/**
 * Renders one page at `dpi` and returns it as grayscale.
 *
 * Rasterizer: pdf.js with @napi-rs/canvas (Skia). Both already come with `npm ci` (pdfjs-dist is the read
 * stage's engine, @napi-rs/canvas its canvas), the page geometry is exactly the one the read stage used,
 * and nothing needs apt. Poppler's pdftoppm is about as fast but is a system package; pdf-parse's
 * screenshots are this same pdf.js + canvas path behind an API that hands back PNG bytes we would only
 * decode again.
 */
export async function rasterizePage(document: PDFDocumentProxy, pageNumber: number, dpi: number): Promise<RasterPage> {
  const page = await document.getPage(pageNumber);
  try {
    return await renderPage(page, dpi);
  } finally {
    page.cleanup();
  }
}

async function renderPage(page: PDFPageProxy, dpi: number): Promise<RasterPage> {
  const base = page.getViewport({ scale: 1 });
  const { canvas, width, height } = await renderToCanvas(page, dpi);
  const pixels = canvas.getContext("2d").getImageData(0, 0, width, height);
  return { image: grayFromRgba(pixels.data, width, height), scale: dpi / 72, width: base.width, height: base.height };
}

/** A page drawn at `dpi` on a white canvas (for OCR's grayscale, and the vision path's PNG). */
export async function renderToCanvas(page: PDFPageProxy, dpi: number): Promise<{ readonly canvas: Canvas; readonly width: number; readonly height: number }> {
  const viewport = page.getViewport({ scale: dpi / 72 });
  const width = Math.ceil(viewport.width);
  const height = Math.ceil(viewport.height);
  const canvas = createCanvas(width, height);
  const context = canvas.getContext("2d");
  // Transparent pixels would read as black once the alpha channel is dropped.
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: context as unknown as CanvasRenderingContext2D, viewport }).promise;
  return { canvas, width, height };
}
