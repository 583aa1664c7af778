import type { PDFDocumentProxy } from "pdfjs-dist/types/src/display/api.js";
import type { OcrReading, Ruling, TextItem } from "../../schemas/layout.js";
import { deskew } from "./deskew.js";
import { detectRulings } from "./detect-rulings.js";
import type { GrayImage } from "./gray-image.js";
import type { OcrEngine, OcrLine } from "./ocr-engine.js";
import { pagePixels, type RasterSource } from "./rasterize-page.js";
import { fitLinesToBorders } from "./fit-lines-to-borders.js";
import { stripBorderGlyphs } from "./strip-border-glyphs.js";
import { glyphLineInContext, loneGlyphComposites, withGlyphLines } from "./lone-glyph-cells.js";
import { inkedCells, unreadCells, type InkedCell } from "./unread-cells.js";
import { comparatorLine, withComparatorsByShape } from "./comparator-cells.js";

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

/** A straightened page and what the engine read on it, in pixels: everything `pageFromRecognition` needs. */
export interface PageRecognition {
  readonly number: number;
  /** The straightened page. */
  readonly image: GrayImage;
  /** Pixels per PDF point. */
  readonly scale: number;
  /** Page size in PDF points. */
  readonly width: number;
  readonly height: number;
  readonly lines: OcrLine[];
  readonly skewDegrees: number;
  readonly pixels: RasterSource;
  readonly timings: { readonly rasterizeMs: number; readonly deskewMs: number; readonly recognizeMs: number };
}

/**
 * The whole scan path for one page: take its scan (or render it at `dpi`), straighten, recognize, then find
 * table borders with thresholds taken from the text just read, and convert every box from pixels to points.
 * Runs inside an OCR worker thread.
 */
export async function recognizePage(document: PDFDocumentProxy, number: number, engine: OcrEngine, dpi: number): Promise<RecognizedPage> {
  const recognition = await readPageText(document, number, engine, dpi);
  // One text height for every threshold below: the borders' shortest run, what counts as ink in a cell, a border's width.
  const textHeight = medianTextHeight(recognition.lines);
  const started = performance.now();
  const rulings = detectRulings(recognition.image, { scale: recognition.scale, textHeightPixels: textHeight });
  const rulingsMs = Math.round(performance.now() - started);
  const fitted = await withLinesFittedToBorders(recognition, rulings, textHeight, engine);
  // Which cells hold ink depends on the image and its borders only: found once for both passes that use it.
  const inked = engine.readBoxes ? inkedCells(recognition.image, rulings, recognition.scale, textHeight) : [];
  const withCells = await withUnreadCells(fitted, rulings, textHeight, engine, inked);
  const withGlyphs = await withLoneGlyphsInContext(withCells, rulings, textHeight, engine, inked);
  const checked = { ...withGlyphs, lines: withComparatorsByShape(withGlyphs.image, withGlyphs.lines, inked, textHeight) };
  return pageFromRecognition(checked, rulings, rulingsMs);
}

/** The recognition with its line boxes kept inside the table's cells (`fitLinesToBorders`), split lines read again as their pieces. */
async function withLinesFittedToBorders(recognition: PageRecognition, rulings: readonly Ruling[], textHeight: number | null, engine: OcrEngine): Promise<PageRecognition> {
  const { lines, pieces } = fitLinesToBorders(recognition.image, recognition.lines, rulings, recognition.scale, textHeight, { split: engine.readBoxes !== undefined });
  const reread = pieces.length > 0 && engine.readBoxes ? await engine.readBoxes(recognition.image, pieces) : [];
  return { ...recognition, lines: [...lines, ...reread] };
}

/** The recognition with the text of inked cells the detector found nothing in (`unreadCells`) read as well. */
async function withUnreadCells(recognition: PageRecognition, rulings: readonly Ruling[], textHeight: number | null, engine: OcrEngine, inked: readonly InkedCell[]): Promise<PageRecognition> {
  if (!engine.readBoxes) return recognition;
  const boxes = unreadCells(recognition.image, rulings, recognition.scale, recognition.lines, textHeight, inked);
  if (boxes.length === 0) return recognition;
  const found = await engine.readBoxes(recognition.image, boxes);
  return found.length === 0 ? recognition : { ...recognition, lines: [...recognition.lines, ...found] };
}

/**
 * The recognition with cells holding one glyph it could not read alone (`loneGlyphComposites`) read beside their
 * neighbour's text, or, where that reading does not bear the glyph out, by its strokes if they make a comparator.
 */
async function withLoneGlyphsInContext(recognition: PageRecognition, rulings: readonly Ruling[], textHeight: number | null, engine: OcrEngine, inked: readonly InkedCell[]): Promise<PageRecognition> {
  if (!engine.readBoxes) return recognition;
  const composites = loneGlyphComposites(recognition.image, rulings, recognition.scale, recognition.lines, textHeight, inked);
  if (!composites) return recognition;
  const found = await engine.readBoxes(composites.image, composites.glyphs.map((glyph) => glyph.box));
  // readBoxes drops boxes it is unsure of: match readings to composites by box, not by index.
  const readings = composites.glyphs.map((glyph) => glyphLineInContext(glyph, found.find((line) => line.box.y === glyph.box.y)) ?? comparatorLine(recognition.image, glyph.cell));
  return { ...recognition, lines: withGlyphLines(recognition.lines, composites.glyphs, readings) };
}

/** Pixels, straightening and recognition: the expensive half of `recognizePage`. */
export async function readPageText(document: PDFDocumentProxy, number: number, engine: OcrEngine, dpi: number): Promise<PageRecognition> {
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
  const lines = withoutSpecks(await engine.recognize(straightened.image, { pixelsPerPoint: raster.scale }));
  const recognizeMs = lap();
  return {
    number,
    image: straightened.image,
    scale: raster.scale,
    width: raster.width,
    height: raster.height,
    lines,
    skewDegrees: straightened.angleDegrees,
    pixels: raster.source,
    timings: { rasterizeMs, deskewMs, recognizeMs },
  };
}

/**
 * Borders and text items of a recognized page, in points. The borders were found after recognition (in
 * `recognizePage`) because how short a border may be depends on the page: a border must outrun the strokes of
 * the page's own characters, and a 20 pt row of a form printed in 10 pt text has inner borders shorter than any
 * fixed "long line" would be. A border the recognizer read as a `|` beside the text is taken off the text
 * (`stripBorderGlyphs`).
 */
function pageFromRecognition(recognition: PageRecognition, rulings: Ruling[], rulingsMs: number): RecognizedPage {
  const { scale, lines } = recognition;
  const toPoints = (value: number) => Math.round((value / scale) * 100) / 100;
  const boxed: TextItem[] = lines.map((line) => ({
    text: line.text,
    box: { x: toPoints(line.box.x), y: toPoints(line.box.y), width: toPoints(line.box.width), height: toPoints(line.box.height) },
    ocr: readingOfLine(line),
  }));
  const items = stripBorderGlyphs(boxed, rulings);
  const confidence = lines.length === 0 ? 0 : lines.reduce((sum, line) => sum + line.confidence, 0) / lines.length;
  return {
    number: recognition.number,
    width: Math.round(recognition.width * 100) / 100,
    height: Math.round(recognition.height * 100) / 100,
    items,
    rulings,
    skewDegrees: recognition.skewDegrees,
    pixels: recognition.pixels,
    confidence: Math.round(confidence * 1000) / 1000,
    timings: { ...recognition.timings, rulingsMs },
  };
}

/** What the engine said of one line, as the text item carries it to the cell and the record's evidence. */
export function readingOfLine(line: OcrLine): OcrReading {
  const characters = line.characters && line.characters.length === line.text.length ? line.characters : undefined;
  return {
    confidence: Math.round(line.confidence * 10_000) / 10_000,
    ...(characters ? { characters: [...characters] } : {}),
    ...(characters && line.alternatives && line.alternatives.length > 0 ? { alternatives: [...line.alternatives] } : {}),
    ...(line.doubts && line.doubts.length > 0 ? { doubts: [...line.doubts] } : {}),
    ...(line.repairs && line.repairs.length > 0 ? { raw: line.raw ?? line.text, repairs: [...line.repairs] } : {}),
  };
}

/** The median height of the recognized lines' boxes, in pixels, or null when nothing was read. */
export function medianTextHeight(lines: readonly OcrLine[]): number | null {
  if (lines.length === 0) return null;
  const heights = lines.map((line) => line.box.height).sort((a, b) => a - b);
  return heights[Math.floor(heights.length / 2)]!;
}

/**
 * Drops "lines" far smaller than the page's text: dust and JPEG blocks that the detector boxed and the
 * recognizer read as `9`, `=` or `10)` (on the scanned fixtures: 5–8 px boxes at confidence 0.5–0.7, where
 * body text is ~33 px tall). A line under 40% of the median height is never body text; one under 60% is dust
 * too when it is a character or two the recognizer was unsure of (the speck after seed-002's `004` read `e` at
 * 0.59 and joined its cell as `004e`; one beside seed-000's `接访量` read `17` at 0.58), while a small glyph
 * printed on the page reads surely (a `2` at 0.59 of the height, 0.997).
 */
export function withoutSpecks(lines: OcrLine[]): OcrLine[] {
  if (lines.length === 0) return lines;
  const median = medianTextHeight(lines)!;
  return lines.filter((line) => line.box.height >= median * SPECK_HEIGHT && !(line.box.height < median * SMALL_HEIGHT && [...line.text].length <= 2 && line.confidence < SURE_SMALL_GLYPH));
}

/** Shares of the page's median line height: below the first a box is a speck; below the second, a speck unless read surely. */
const SPECK_HEIGHT = 0.4;
const SMALL_HEIGHT = 0.6;
/** How sure the recognizer must be of a character or two in a small box for it to be print, not dust. */
const SURE_SMALL_GLYPH = 0.7;
