import type { PDFDocumentProxy } from "pdfjs-dist/types/src/display/api.js";
import type { OcrReading, Ruling, TextItem } from "../../schemas/layout.js";
import { deskew } from "./deskew.js";
import { detectRulings } from "./detect-rulings.js";
import type { OcrEngine, OcrLine } from "./ocr-engine.js";
import { pagePixels, type RasterSource } from "./rasterize-page.js";

/** What OCR makes of one page: text items and rulings in PDF points, top-left origin, like the read stage's. */
export interface RecognizedPage {
  readonly number: number;
  readonly width: number;
  readonly height: number;
  readonly items: TextItem[];
  readonly rulings: Ruling[];
  /**
   * The skew removed before recognition, in degrees (positive: the scan ran clockwise). Boxes are in the
   * straightened page, which differs from the scan by at most this rotation about the page centre.
   */
  readonly skewDegrees: number;
  /** Mean engine confidence over the page's lines (0–1), or 0 when nothing was read. */
  readonly confidence: number;
  /** Whether the page's own scan was read at its native resolution, or the page was rendered at the OCR dpi. */
  readonly pixels: RasterSource;
  readonly timings: { readonly rasterizeMs: number; readonly deskewMs: number; readonly rulingsMs: number; readonly recognizeMs: number };
}

/**
 * The whole scan path for one page: take its scan (or render it at `dpi`), straighten, find table
 * borders, recognize, and convert every box from pixels to points. Runs inside an OCR worker thread.
 */
export async function recognizePage(document: PDFDocumentProxy, number: number, engine: OcrEngine, dpi: number): Promise<RecognizedPage> {
  let started = performance.now();
  const lap = () => {
    const now = performance.now();
    const elapsed = Math.round(now - started);
    started = now;
    return elapsed;
  };
  const raster = await pagePixels(document, number, dpi);
  const rasterizeMs = lap();
  const straightened = deskew(raster.image);
  const deskewMs = lap();
  const rulings = detectRulings(straightened.image, { scale: raster.scale });
  const rulingsMs = lap();
  const lines = withoutSpecks(await engine.recognize(straightened.image, { pixelsPerPoint: raster.scale }));
  const recognizeMs = lap();

  const toPoints = (value: number) => Math.round((value / raster.scale) * 100) / 100;
  const items: TextItem[] = lines.map((line) => ({
    text: line.text,
    box: { x: toPoints(line.box.x), y: toPoints(line.box.y), width: toPoints(line.box.width), height: toPoints(line.box.height) },
    ocr: readingOfLine(line),
  }));
  const confidence = lines.length === 0 ? 0 : lines.reduce((sum, line) => sum + line.confidence, 0) / lines.length;
  return {
    number,
    width: Math.round(raster.width * 100) / 100,
    height: Math.round(raster.height * 100) / 100,
    items,
    rulings,
    skewDegrees: straightened.angleDegrees,
    pixels: raster.source,
    confidence: Math.round(confidence * 1000) / 1000,
    timings: { rasterizeMs, deskewMs, rulingsMs, recognizeMs },
  };
}

/** What the engine said of one line, as the text item carries it to the cell and the record's evidence. */
export function readingOfLine(line: OcrLine): OcrReading {
  const characters = line.characters && line.characters.length === line.text.length ? line.characters : undefined;
  return {
    confidence: Math.round(line.confidence * 10_000) / 10_000,
    ...(characters ? { characters: [...characters] } : {}),
    ...(characters && line.alternatives && line.alternatives.length > 0 ? { alternatives: [...line.alternatives] } : {}),
  };
}

/**
 * Drops "lines" far smaller than the page's text: dust and JPEG blocks that the detector boxed and the
 * recognizer read as `9`, `=` or `10)` (on the scanned fixtures: 5–8 px boxes at confidence 0.5–0.7, where
 * body text is ~33 px tall). A line under 40% of the median height is never body text.
 */
export function withoutSpecks(lines: OcrLine[]): OcrLine[] {
  if (lines.length === 0) return lines;
  const heights = lines.map((line) => line.box.height).sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)]!;
  return lines.filter((line) => line.box.height >= median * 0.4);
}
