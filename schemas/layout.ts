import { z } from "zod";

/** A rectangle on a page in PDF points, origin top-left, y growing downwards. */
export const BoxSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
});
export type Box = z.infer<typeof BoxSchema>;

/** Where a page's text came from: the PDF's own text layer, or OCR of a rendered image. */
export const TextSourceSchema = z.enum(["text-layer", "ocr"]);
export type TextSource = z.infer<typeof TextSourceSchema>;

/** One run of text as the PDF (or the OCR engine) placed it. */
export const TextItemSchema = z.object({
  text: z.string(),
  box: BoxSchema,
});
export type TextItem = z.infer<typeof TextItemSchema>;

/** A straight ruling segment (table border) found in the page's vector graphics. */
export const RulingSchema = z.object({
  orientation: z.enum(["horizontal", "vertical"]),
  /** y for a horizontal ruling, x for a vertical one. */
  position: z.number(),
  start: z.number(),
  end: z.number(),
});
export type Ruling = z.infer<typeof RulingSchema>;

export const PdfPageSchema = z.object({
  /** 1-based page number. */
  number: z.number().int().positive(),
  width: z.number(),
  height: z.number(),
  source: TextSourceSchema,
  /** For a page read by OCR: the engine's mean confidence over its lines, 0–1. */
  ocrConfidence: z.number().min(0).max(1).optional(),
  items: z.array(TextItemSchema),
  rulings: z.array(RulingSchema),
});
export type PdfPage = z.infer<typeof PdfPageSchema>;

/**
 * The PDF's own document information (its Info dictionary) as the file states it: often the producing
 * tool's defaults (a Word template's title, a scanner's name), so a hint for cataloguing, never a source of
 * record values. Dates are ISO 8601 (UTC) when the PDF date parses, else as written.
 */
export const PdfInfoSchema = z.object({
  title: z.string().nullable(),
  author: z.string().nullable(),
  subject: z.string().nullable(),
  creator: z.string().nullable(),
  producer: z.string().nullable(),
  created: z.string().nullable(),
  modified: z.string().nullable(),
  pdfVersion: z.string().nullable(),
});
export type PdfInfo = z.infer<typeof PdfInfoSchema>;

export const PdfDocumentSchema = z.object({
  path: z.string(),
  sha256: z.string(),
  pageCount: z.number().int().nonnegative(),
  pages: z.array(PdfPageSchema),
  /** Null when the PDF has no readable Info dictionary; absent where a document was built without a reader (tests). */
  info: PdfInfoSchema.nullable().optional(),
});
export type PdfDocument = z.infer<typeof PdfDocumentSchema>;

/** A table cell (or a free line of text outside any table) rebuilt by the layout stage. */
export const CellSchema = z.object({
  text: z.string(),
  page: z.number().int().positive(),
  box: BoxSchema,
  /** Index of the grid column the cell starts in (0-based); free text lines use 0. */
  column: z.number().int().nonnegative(),
  /** How many grid columns / rows a merged cell covers. */
  columnSpan: z.number().int().positive(),
  rowSpan: z.number().int().positive(),
});
export type Cell = z.infer<typeof CellSchema>;

export const RowSchema = z.object({
  page: z.number().int().positive(),
  /** Table this row belongs to on its page, or null for a line of free text. */
  table: z.number().int().nonnegative().nullable(),
  box: BoxSchema,
  cells: z.array(CellSchema),
  /** The row continues a row cut by the previous page break (set by the page pass, consumed by the document pass). */
  continued: z.boolean().optional(),
  /** The row has no border below: a page break cut it (set by the page pass). */
  cut: z.boolean().optional(),
  /** Of a cut row, the grid columns whose text runs to the cell's edge and so goes on on the next page. */
  wrappedColumns: z.array(z.number().int().nonnegative()).optional(),
  /** The row's text continues on this page (a row cut by a page break, joined back). */
  continuedOnPage: z.number().int().positive().optional(),
  /** The page has no ruling lines: the row's cells were split at gaps in the text, not by borders. */
  borderless: z.boolean().optional(),
});
export type Row = z.infer<typeof RowSchema>;

export const LayoutDocumentSchema = z.object({
  path: z.string(),
  sha256: z.string(),
  pageCount: z.number().int().nonnegative(),
  /** Rows of the whole document in reading order, page after page. */
  rows: z.array(RowSchema),
  /** Per page, where its text came from (OCR pages have boxes from the recognizer). */
  pageSources: z.array(TextSourceSchema),
});
export type LayoutDocument = z.infer<typeof LayoutDocumentSchema>;
