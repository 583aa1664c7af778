import type { ExtractorContext } from "../extraction-result.js";
import type { pageRenderer } from "./page-image.js";

type PageRenderer = ReturnType<typeof pageRenderer>;

/**
 * The extractor context for one document: with its OCR'd pages' confidence and a renderer of its pages when
 * it has scanned pages and vision is on; unchanged otherwise. `close` frees the rendering document. The
 * renderer (pdf.js + canvas) is imported on the first page asked for, so a run without vision never loads it.
 */
export function forDocument(
  context: ExtractorContext,
  bytes: Uint8Array,
  ocrConfidence: ReadonlyMap<number, number>,
  dpi: number,
): { readonly context: ExtractorContext; close(): Promise<void> } {
  if (!context.vision || ocrConfidence.size === 0) return { context, close: async () => {} };
  let renderer: Promise<PageRenderer> | null = null;
  const open = () => (renderer ??= import("./page-image.js").then((module) => module.pageRenderer(bytes, dpi)));
  return {
    context: { ...context, vision: { ...context.vision, pages: { ocrConfidence, render: async (page) => (await open()).render(page) } } },
    close: async () => {
      if (renderer) await (await renderer).close();
    },
  };
}
