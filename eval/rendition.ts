import { z } from "zod";

/**
 * One rendering of a gold document: the PDF with its text layer (`fixtures/pdf/`) or the scanned image
 * of it (`fixtures/pdf-scanned/`, same file name), which must go through OCR. One gold file scores both.
 */
export const RenditionSchema = z.enum(["text-layer", "scanned"]);
export type Rendition = z.infer<typeof RenditionSchema>;
