import { z } from "zod";
import type { OcrAlternative } from "../../schemas/layout.js";
import type { GrayImage } from "./gray-image.js";

/** The OCR engines the pipeline knows. Adding one means a file in `engines/` and an entry in `ocr-engines.ts`. */
export const OcrEngineNameSchema = z.enum(["paddle", "paddle-float", "tesseract"]);
export type OcrEngineName = z.infer<typeof OcrEngineNameSchema>;

/** A rectangle in pixels of the image the engine was given, origin top-left. */
export interface PixelBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One recognized run of text: a line, or the part of a line inside one table cell. */
export interface OcrLine {
  readonly text: string;
  /** The engine's own confidence, 0–1. */
  readonly confidence: number;
  /** Per UTF-16 code unit of `text`, 0–1, where the engine knows them. */
  readonly characters?: readonly number[];
  /** The recognizer's second choices for characters it was unsure of, where the engine knows them. */
  readonly alternatives?: readonly OcrAlternative[];
  /** Signs that the reading may be incomplete though its characters are sure (ink beside it that nothing read). */
  readonly doubts?: readonly string[];
  /** The text as the recognizer read it, where a check of the glyphs' strokes changed it (`=` for a slanted `≥`). */
  readonly raw?: string;
  /** One sentence per change made to the recognizer's reading, so the value traces back to what was read. */
  readonly repairs?: readonly string[];
  readonly box: PixelBox;
}

export interface OcrEngineOptions {
  /** CPU threads the engine may use for one page. The pool gives each worker its share of the cores. @default 1 */
  readonly threads: number;
}

/** What an engine may want to know about the image beyond its pixels. */
export interface OcrImageGeometry {
  /** Image pixels per PDF point (dpi / 72). */
  readonly pixelsPerPoint: number;
}

/**
 * An OCR engine: an upright grayscale page in, lines with pixel boxes out. Engines are created once per
 * worker thread and reused for every page that worker gets; they hold models in memory.
 */
export interface OcrEngine {
  readonly name: OcrEngineName;
  recognize(image: GrayImage, geometry?: OcrImageGeometry): Promise<OcrLine[]>;
  /**
   * Reads the text inside boxes the caller found itself (table cells with ink the detector did not box):
   * one line per box that holds text the engine is sure enough of. Engines without a separate recognizer leave it out.
   */
  readBoxes?(image: GrayImage, boxes: readonly PixelBox[]): Promise<OcrLine[]>;
  close(): Promise<void>;
}

export type OcrEngineFactory = (options: OcrEngineOptions) => Promise<OcrEngine>;
