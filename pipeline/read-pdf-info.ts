import { pdfjs } from "./io/load-pdfjs.js";
import type { PDFDocumentProxy } from "pdfjs-dist/types/src/display/api.js";
import { z } from "zod";
import type { PdfInfo } from "../schemas/layout.js";

/** The Info dictionary's entries we keep; pdf.js hands it over as an untyped object. */
const InfoDictionarySchema = z
  .object({
    Title: z.unknown(),
    Author: z.unknown(),
    Subject: z.unknown(),
    Creator: z.unknown(),
    Producer: z.unknown(),
    CreationDate: z.unknown(),
    ModDate: z.unknown(),
    PDFFormatVersion: z.unknown(),
  })
  .partial();

/**
 * The document information of a PDF pdf.js has already opened: a dictionary lookup on the parsed file, so
 * the read stage gets it for nothing (pdf-parse's `getInfo` is this same call behind a second parse of the
 * file). Null when the PDF has no readable Info dictionary: missing metadata never fails a document.
 */
export async function readPdfInfo(document: PDFDocumentProxy): Promise<PdfInfo | null> {
  let info: z.infer<typeof InfoDictionarySchema>;
  try {
    const parsed = InfoDictionarySchema.safeParse((await document.getMetadata()).info);
    if (!parsed.success) return null;
    info = parsed.data;
  } catch {
    return null;
  }
  return {
    title: text(info.Title),
    author: text(info.Author),
    subject: text(info.Subject),
    creator: text(info.Creator),
    producer: text(info.Producer),
    created: pdfDate(info.CreationDate),
    modified: pdfDate(info.ModDate),
    pdfVersion: text(info.PDFFormatVersion),
  };
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** `D:20210315093000+08'00'` → `2021-03-15T01:30:00.000Z`; a date that does not parse is kept as written. */
function pdfDate(value: unknown): string | null {
  const written = text(value);
  if (written === null) return null;
  const date = pdfjs.PDFDateString.toDateObject(written);
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : written;
}
