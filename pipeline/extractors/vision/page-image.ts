import { openPdfForRendering, renderToCanvas } from "../../ocr/rasterize-page.js";

/** A page as the model sees it: a PNG data URL, its size in pixels, and pixels per PDF point. */
export interface PageImage {
  readonly page: number;
  readonly dataUrl: string;
  readonly width: number;
  readonly height: number;
  readonly pixelsPerPoint: number;
}

/**
 * Renders pages of a PDF to PNG for a vision request, with the same pdf.js settings as the OCR path (untrusted
 * input: no eval, no system fonts). In colour, unlike OCR's grayscale: a stamp or a red correction may matter
 * to the reader. One document opened once for all its pages.
 */
export function pageRenderer(bytes: Uint8Array, dpi: number): { render(page: number): Promise<PageImage>; close(): Promise<void> } {
  let opened: ReturnType<typeof openPdfForRendering> | null = null;
  return {
    async render(pageNumber) {
      const document = await (opened ??= openPdfForRendering(bytes));
      const page = await document.getPage(pageNumber);
      try {
        const { canvas, width, height } = await renderToCanvas(page, dpi);
        const png = await canvas.encode("png");
        return { page: pageNumber, dataUrl: `data:image/png;base64,${png.toString("base64")}`, width, height, pixelsPerPoint: dpi / 72 };
      } finally {
        page.cleanup();
      }
    },
    async close() {
      if (opened) await (await opened).destroy();
    },
  };
}
