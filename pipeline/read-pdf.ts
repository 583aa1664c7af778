import { createHash } from "node:crypto";
import { pdfjs } from "./io/load-pdfjs.js";
import { sameThreadPdfWorker } from "./io/same-thread-pdf-worker.js";
import type { PDFDocumentProxy, PDFPageProxy } from "pdfjs-dist/types/src/display/api.js";
import type { PdfDocument, PdfPage, Ruling, TextItem } from "../schemas/layout.js";
import type { StageContext } from "./context.js";
import { PdfReadError, PdfTooCostlyError } from "./errors.js";
import { checkInflatedSize } from "./limits/check-inflated-size.js";
import { readPdfInfo } from "./read-pdf-info.js";

export interface PdfInput {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/**
 * Read stage: the text items of every page with their boxes, plus the page's ruling lines (table borders),
 * which the layout stage needs to rebuild cells. Uses pdf.js directly (the engine under pdf-parse) because
 * pdf-parse's text API drops positions and its table finder only sees stroked borders, while Chromium,
 * Word and most printers draw borders as thin filled rectangles.
 */
export async function readPdf(input: PdfInput, context: StageContext): Promise<PdfDocument> {
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  assertLooksLikePdf(input);
  await checkInflatedSize(input.bytes, context.config.limits.maxInflatedBytes, input.path);

  let document: PDFDocumentProxy;
  try {
    document = await pdfjs.getDocument({
      // pdf.js detaches the buffer it is given; keep the caller's bytes intact.
      data: input.bytes.slice(),
      // Untrusted input: never compile PDF-supplied code (CVE-2024-4367 class of bugs).
      isEvalSupported: false,
      worker: sameThreadPdfWorker(),
      useSystemFonts: false,
      disableFontFace: true,
      // The read stage wants text and border paths, never pixels, but pdf.js decodes every image while it
      // builds the operator list. Any image over 0 pixels is left out instead: a scanned page's JPEG was
      // decoded here (in JavaScript) and again by the OCR worker, 0.11 CPU-s a page, and a text page's logo
      // or seal is decoded for nothing. The OCR path opens the document itself and decodes what it reads.
      maxImageSize: 0,
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    }).promise;
  } catch (error) {
    throw classifyOpenError(error, input.path);
  }

  try {
    if (document.numPages === 0) {
      throw new PdfReadError(`${input.path} has no pages`, { document: input.path, reason: "empty" });
    }
    if (document.numPages > context.config.maxPages) {
      throw new PdfReadError(
        `${input.path} has ${document.numPages} pages, more than --max-pages ${context.config.maxPages}; raise the limit to read it`,
        { document: input.path, reason: "too_large" },
      );
    }
    const pages: PdfPage[] = [];
    let operators = 0;
    for (let number = 1; number <= document.numPages; number++) {
      context.signal.throwIfAborted();
      const page = await document.getPage(number);
      try {
        const read = await readPage(page, number);
        operators += read.operators;
        pages.push(read.page);
      } finally {
        page.cleanup();
      }
      if (operators > context.config.limits.maxOperators) {
        throw new PdfTooCostlyError(
          `${input.path} draws more than --max-operators ${context.config.limits.maxOperators} operators by page ${number} of ${document.numPages}; raise --max-operators to read it`,
          { document: input.path, limit: "--max-operators" },
        );
      }
    }
    return { path: input.path, sha256, pageCount: document.numPages, pages, info: await readPdfInfo(document) };
  } catch (error) {
    if (error instanceof PdfReadError || error instanceof PdfTooCostlyError) throw error;
    if (context.signal.aborted) throw error;
    throw new PdfReadError(`Could not read the pages of ${input.path}: ${describe(error)}`, {
      document: input.path,
      reason: "unreadable",
      cause: error,
    });
  } finally {
    await document.destroy();
  }
}

function assertLooksLikePdf(input: PdfInput): void {
  if (input.bytes.length === 0) {
    throw new PdfReadError(`${input.path} is empty (0 bytes)`, { document: input.path, reason: "empty" });
  }
  // The header may follow a little junk (some generators prepend bytes); the spec allows 1024.
  const head = Buffer.from(input.bytes.subarray(0, 1024)).toString("latin1");
  if (!head.includes("%PDF-")) {
    throw new PdfReadError(`${input.path} is not a PDF (no %PDF- header in its first 1024 bytes)`, {
      document: input.path,
      reason: "not_pdf",
    });
  }
}

function classifyOpenError(error: unknown, path: string): PdfReadError {
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") {
    return new PdfReadError(`${path} is encrypted with a password; decrypt it (e.g. qpdf --decrypt) and ingest it again`, {
      document: path,
      reason: "encrypted",
      cause: error,
    });
  }
  return new PdfReadError(`${path} could not be opened as a PDF (corrupt or truncated): ${describe(error)}`, {
    document: path,
    reason: "unreadable",
    cause: error,
  });
}

async function readPage(page: PDFPageProxy, number: number): Promise<{ page: PdfPage; operators: number }> {
  const viewport = page.getViewport({ scale: 1 });
  const [content, operators] = await Promise.all([page.getTextContent(), page.getOperatorList()]);
  const items: TextItem[] = [];
  for (const item of content.items) {
    if (!("str" in item) || item.str.trim() === "") continue;
    const [, , , , e, f] = item.transform as number[];
    const fontHeight = Math.hypot(item.transform[2] as number, item.transform[3] as number) || item.height;
    // pdf.js gives the baseline origin in PDF space (y up); boxes are kept top-left, y down, like images.
    const [x, baseline] = viewport.convertToViewportPoint(e ?? 0, f ?? 0) as [number, number];
    items.push({
      text: item.str,
      box: { x: round(x), y: round(baseline - fontHeight * 0.88), width: round(item.width), height: round(fontHeight) },
    });
  }
  const read: PdfPage = {
    number,
    width: round(viewport.width),
    height: round(viewport.height),
    source: "text-layer",
    items,
    rulings: extractRulings(operators, viewport.transform as number[]),
  };
  return { page: read, operators: operators.fnArray.length };
}

type Matrix = number[];

/** Thin filled or stroked paths become rulings; a stroked rectangle gives its four sides. */
function extractRulings(operators: { fnArray: number[]; argsArray: unknown[] }, viewportTransform: Matrix): Ruling[] {
  const rulings: Ruling[] = [];
  let matrix: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  for (let index = 0; index < operators.fnArray.length; index++) {
    const fn = operators.fnArray[index];
    const args = operators.argsArray[index] as unknown[] | null;
    if (fn === pdfjs.OPS.save) stack.push(matrix);
    else if (fn === pdfjs.OPS.restore) matrix = stack.pop() ?? [1, 0, 0, 1, 0, 0];
    else if (fn === pdfjs.OPS.transform && args) matrix = pdfjs.Util.transform(matrix, args as Matrix) as Matrix;
    else if (fn === pdfjs.OPS.constructPath && args) {
      const paintOp = args[0] as number;
      const minMax = args[2] as ArrayLike<number> | undefined;
      if (!minMax || !Number.isFinite(minMax[0] ?? NaN)) continue;
      const combined = pdfjs.Util.transform(viewportTransform, matrix) as Matrix;
      const [x0, y0] = apply(combined, minMax[0]!, minMax[1]!);
      const [x1, y1] = apply(combined, minMax[2]!, minMax[3]!);
      const left = Math.min(x0, x1);
      const right = Math.max(x0, x1);
      const top = Math.min(y0, y1);
      const bottom = Math.max(y0, y1);
      const width = right - left;
      const height = bottom - top;
      const stroked = paintOp === pdfjs.OPS.stroke || paintOp === pdfjs.OPS.closeStroke || paintOp === pdfjs.OPS.fillStroke;
      if (height <= THIN && width > height) rulings.push({ orientation: "horizontal", position: round((top + bottom) / 2), start: round(left), end: round(right) });
      else if (width <= THIN && height > width) rulings.push({ orientation: "vertical", position: round((left + right) / 2), start: round(top), end: round(bottom) });
      else if (stroked && width > THIN && height > THIN) {
        rulings.push(
          { orientation: "horizontal", position: round(top), start: round(left), end: round(right) },
          { orientation: "horizontal", position: round(bottom), start: round(left), end: round(right) },
          { orientation: "vertical", position: round(left), start: round(top), end: round(bottom) },
          { orientation: "vertical", position: round(right), start: round(top), end: round(bottom) },
        );
      }
    }
  }
  return rulings;
}

/** Borders are at most a few points thick; anything thicker is a filled area, not a line. */
const THIN = 2.5;

function apply(matrix: Matrix, x: number, y: number): [number, number] {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = matrix;
  return [a * x + c * y + e, b * x + d * y + f];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
