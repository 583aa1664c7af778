import * as ort from "onnxruntime-node";
import type { GrayImage } from "../gray-image.js";
import type { OcrLine } from "../ocr-engine.js";
import { decodeCtc, type DecodedText } from "./ctc-decode.js";
import { glyphGaps } from "./glyph-gaps.js";
import { withLeadingComparatorChecked } from "./leading-comparator.js";
import { withDashesMeasured } from "./dash-width.js";
import type { ScoredBox } from "./text-boxes.js";

const RECOGNITION_HEIGHT = 48;
/**
 * PaddleOCR pads every crop to at least 320 pixels wide. On CPU the recognizer's cost grows with width and
 * most table cells are a few characters, so batches are only as wide as their widest crop: on the scanned
 * fixtures that cut recognition time by a fifth and lowered the error rate (0.67% → 0.36% on seed-000 pages 1–4).
 */
const RECOGNITION_MIN_WIDTH = RECOGNITION_HEIGHT;
/**
 * Crops per recognizer call. On CPU, one at a time is the cheapest: the same 86 crops of a page cost
 * 2.97–3.60 CPU-s one by one, 3.92 in twos, 4.34–4.45 in sixes and 6.01 in sixteens (one thread, the
 * machine under load). Larger tensors run out of cache, and a batch is as wide as its widest crop.
 */
const RECOGNITION_BATCH = 1;
/** PaddleOCR's drop_score: below this, the recognizer is guessing. */
const MIN_CONFIDENCE = 0.5;

/** Where a box's pixels are read from, and how wide its crop is at the recognizer's height. */
interface Crop {
  readonly box: ScoredBox;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** A box much taller than wide is a vertical line of text; PaddleOCR turns those a quarter turn so the characters run left to right. */
  readonly vertical: boolean;
  readonly outWidth: number;
}

/**
 * The recognizer a crop is read with, and the one it is read again with when the first was unsure. The int8
 * model (`models/ppocr-v4-int8`) costs about two thirds of the float one and reads most crops the same; where
 * any of its time steps won with a probability below `recheckBelow` (a character it hesitated over, or a
 * blank that barely beat one), the float model reads the crop again and its reading is kept. On 1,674 crops
 * of the variant scans the int8 model alone disagreed with the float one in 0.54 % of characters; rechecking
 * below 0.7 re-read 11.5 % of the crops and left 0.05 %.
 */
export interface Recognizers {
  readonly first: ort.InferenceSession;
  readonly recheck?: { readonly session: ort.InferenceSession; readonly below: number };
}

/**
 * Reads the text in each box: one line per box the recognizer is sure enough of, with its box and the
 * decoder's confidence. Boxes are in `image`'s pixels.
 */
export async function recognizeTextBoxes(recognizers: Recognizers, characters: readonly string[], image: GrayImage, boxes: readonly ScoredBox[]): Promise<OcrLine[]> {
  const crops = boxes.map(cropOf);
  // Similar widths share a batch so little of each input tensor is padding.
  const order = crops.map((_crop, index) => index).sort((a, b) => crops[a]!.outWidth - crops[b]!.outWidth);
  const lines: Array<OcrLine | null> = crops.map(() => null);
  for (let start = 0; start < order.length; start += RECOGNITION_BATCH) {
    const batch = order.slice(start, start + RECOGNITION_BATCH);
    const width = Math.max(RECOGNITION_MIN_WIDTH, ...batch.map((index) => crops[index]!.outWidth));
    const input = batchInput(image, batch.map((index) => crops[index]!), width);
    const decoded = await decodeBatch(recognizers.first, input, batch.length, width, characters);
    const { recheck } = recognizers;
    const unsure = recheck ? decoded.flatMap((reading, slot) => (reading.leastSureStep < recheck.below ? [slot] : [])) : [];
    if (recheck && unsure.length > 0) {
      const again = await decodeBatch(recheck.session, batchInput(image, unsure.map((slot) => crops[batch[slot]!]!), width), unsure.length, width, characters);
      unsure.forEach((slot, index) => (decoded[slot] = again[index]!));
    }
    batch.forEach((cropIndex, slot) => {
      const reading = decoded[slot]!;
      const crop = crops[cropIndex]!;
      const read = trimDecoded(reading);
      // The glyph checks need the crop's steps along x: a vertical line was turned, its steps run down the page.
      const { positions, ...trimmed } = crop.vertical ? read : withDashesMeasured(image, crop, withLeadingComparatorChecked(image, crop, read));
      if (trimmed.text === "" || reading.confidence < MIN_CONFIDENCE) return;
      const { x, y, width: boxWidth, height: boxHeight } = crop.box;
      const doubts = glyphGaps(trimmed.text, positions);
      lines[cropIndex] = { ...trimmed, confidence: reading.confidence, ...(doubts.length > 0 ? { doubts } : {}), box: { x, y, width: boxWidth, height: boxHeight } };
    });
  }
  return lines.filter((line): line is OcrLine => line !== null);
}

/** The crops as one `[n, 3, 48, width]` input, padded with 0 (after normalization), as PaddleOCR's resize_norm_img. */
function batchInput(image: GrayImage, crops: readonly Crop[], width: number): Float32Array {
  const plane = RECOGNITION_HEIGHT * width;
  const input = new Float32Array(crops.length * 3 * plane);
  crops.forEach((crop, slot) => {
    const base = slot * 3 * plane;
    writeCrop(image, crop, input, base, width);
    // Gray: the three channels are the same plane.
    input.copyWithin(base + plane, base, base + plane);
    input.copyWithin(base + 2 * plane, base, base + plane);
  });
  return input;
}

async function decodeBatch(recognizer: ort.InferenceSession, input: Float32Array, count: number, width: number, characters: readonly string[]): Promise<DecodedText[]> {
  const feeds = { [recognizer.inputNames[0]!]: new ort.Tensor("float32", input, [count, 3, RECOGNITION_HEIGHT, width]) };
  const output = (await recognizer.run(feeds))[recognizer.outputNames[0]!]!;
  const [, steps = 0, classes = 0] = output.dims;
  const probabilities = output.data as Float32Array;
  const decoded = Array.from({ length: count }, (_unused, slot) => decodeCtc(probabilities, slot * steps * classes, steps, classes, characters as string[]));
  output.dispose();
  return decoded;
}

/** The decoded text without its outer spaces, its per-character probabilities, steps and second choices cut to match. */
export function trimDecoded(decoded: DecodedText): Pick<DecodedText, "text" | "characters" | "positions" | "alternatives"> {
  const start = decoded.text.length - decoded.text.trimStart().length;
  const text = decoded.text.trim();
  return {
    text,
    characters: decoded.characters.slice(start, start + text.length),
    positions: decoded.positions.slice(start, start + text.length),
    alternatives: decoded.alternatives.filter((alternative) => alternative.index >= start && alternative.index < start + text.length).map((alternative) => ({ ...alternative, index: alternative.index - start })),
  };
}

function cropOf(box: ScoredBox): Crop {
  const left = Math.floor(box.x);
  const top = Math.floor(box.y);
  const width = Math.max(1, Math.ceil(box.x + box.width) - left);
  const height = Math.max(1, Math.ceil(box.y + box.height) - top);
  const vertical = height >= width * 1.5;
  const outWidth = Math.max(1, Math.ceil((RECOGNITION_HEIGHT * (vertical ? height : width)) / (vertical ? width : height)));
  return { box, left, top, width, height, vertical, outWidth };
}

/**
 * The crop scaled to the recognizer's 48-pixel height with bilinear sampling (paper outside the page), a
 * vertical one turned a quarter counter-clockwise as numpy's rot90 does for PaddleOCR, normalized to ±1
 * and written straight into one channel of the batch tensor, rows `rowStride` apart. Sampling the turned
 * crop is sampling the original at turned coordinates, so no intermediate image is built; and the sampling
 * is separable (one image axis follows the output's columns, the other its rows), so each position and
 * weight is worked out once per column and once per row, not per pixel.
 */
function writeCrop(image: GrayImage, crop: Crop, target: Float32Array, offset: number, rowStride: number): void {
  const { data, width: imageWidth, height: imageHeight } = image;
  // The crop as the recognizer sees it (turned if vertical), and the scale from output to that.
  const sourceWidth = crop.vertical ? crop.height : crop.width;
  const sourceHeight = crop.vertical ? crop.width : crop.height;
  const scaleX = sourceWidth / crop.outWidth;
  const scaleY = sourceHeight / RECOGNITION_HEIGHT;
  // Upright: output column → image x, output row → image y. Turned: column x of the turned crop is row x of
  // the crop, and its row y is the crop's column read from the right edge.
  const alongColumns = samplePositions(crop.outWidth, (outX) => (crop.vertical ? crop.top : crop.left) + ((outX + 0.5) * scaleX - 0.5), crop.vertical ? imageHeight : imageWidth);
  const alongRows = samplePositions(RECOGNITION_HEIGHT, (outY) => {
    const turnedY = (outY + 0.5) * scaleY - 0.5;
    return crop.vertical ? crop.left + (crop.width - 1 - turnedY) : crop.top + turnedY;
  }, crop.vertical ? imageWidth : imageHeight);
  const [xs, ys] = crop.vertical ? [alongRows, alongColumns] : [alongColumns, alongRows];
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= imageWidth || y >= imageHeight ? 255 : data[y * imageWidth + x]!);
  for (let outY = 0; outY < RECOGNITION_HEIGHT; outY++) {
    const row = offset + outY * rowStride;
    for (let outX = 0; outX < crop.outWidth; outX++) {
      const xIndex = crop.vertical ? outY : outX;
      const yIndex = crop.vertical ? outX : outY;
      const x0 = xs.first[xIndex]!;
      const y0 = ys.first[yIndex]!;
      const fx = xs.weight[xIndex]!;
      const fy = ys.weight[yIndex]!;
      let upper: number;
      let lower: number;
      if (xs.inside[xIndex] && ys.inside[yIndex]) {
        const index = y0 * imageWidth + x0;
        upper = data[index]! * (1 - fx) + data[index + 1]! * fx;
        lower = data[index + imageWidth]! * (1 - fx) + data[index + imageWidth + 1]! * fx;
      } else {
        upper = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
        lower = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
      }
      // Truncated to a byte first, as the 8-bit crop PaddleOCR normalizes would be.
      target[row + outX] = Math.trunc(upper * (1 - fy) + lower * fy) / 127.5 - 1;
    }
  }
}

/** For `count` sample positions along one image axis of `length` pixels: each one's pixel, weight, and whether it and the next pixel are both inside. */
function samplePositions(count: number, position: (index: number) => number, length: number): { first: Int32Array; weight: Float64Array; inside: Uint8Array } {
  const first = new Int32Array(count);
  const weight = new Float64Array(count);
  const inside = new Uint8Array(count);
  for (let index = 0; index < count; index++) {
    const value = position(index);
    const floor = Math.floor(value);
    first[index] = floor;
    weight[index] = value - floor;
    inside[index] = floor >= 0 && floor + 1 < length ? 1 : 0;
  }
  return { first, weight, inside };
}
