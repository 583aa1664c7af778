import * as ort from "onnxruntime-node";
import type { GrayImage } from "../gray-image.js";
import { resizeGray } from "../resize-gray.js";
import { textBoxesFromProbabilityMap, type ScoredBox } from "./text-boxes.js";

/** DB needs sides that are multiples of 32; padding with paper (not stretching) keeps pixel positions exact. */
const DETECTION_STRIDE = 32;
/** ImageNet statistics, in the BGR channel order PaddleOCR feeds its detector. */
const DETECTION_MEAN = [0.485, 0.456, 0.406] as const;
const DETECTION_STD = [0.229, 0.224, 0.225] as const;
/** A gray pixel has the same value in every channel, so each channel is one lookup table of 256 values. */
const CHANNEL_TABLES = [0, 1, 2].map((channel) => Float32Array.from({ length: 256 }, (_value, level) => (level / 255 - DETECTION_MEAN[channel]!) / DETECTION_STD[channel]!));

/**
 * Text regions of the image, in the image's own pixels. The detector sees the image scaled by `scale`:
 * its cost and the memory onnxruntime keeps for it grow with the pixels it is given.
 */
export async function detectTextBoxes(detector: ort.InferenceSession, image: GrayImage, scale = 1): Promise<ScoredBox[]> {
  const scaled = resizeGray(image, scale);
  const width = Math.ceil(scaled.width / DETECTION_STRIDE) * DETECTION_STRIDE;
  const height = Math.ceil(scaled.height / DETECTION_STRIDE) * DETECTION_STRIDE;
  const plane = width * height;
  const input = new Float32Array(3 * plane);
  for (let channel = 0; channel < 3; channel++) {
    const table = CHANNEL_TABLES[channel]!;
    const base = channel * plane;
    input.fill(table[255]!, base, base + plane);
    for (let y = 0; y < scaled.height; y++) {
      const row = y * scaled.width;
      const target = base + y * width;
      for (let x = 0; x < scaled.width; x++) input[target + x] = table[scaled.data[row + x]!]!;
    }
  }
  const feeds = { [detector.inputNames[0]!]: new ort.Tensor("float32", input, [1, 3, height, width]) };
  const output = (await detector.run(feeds))[detector.outputNames[0]!]!;
  const boxes = textBoxesFromProbabilityMap(output.data as Float32Array, width, height);
  output.dispose();
  // Boxes that lie wholly in the padding cannot hold text; clip the rest to the image.
  const scaleX = image.width / scaled.width;
  const scaleY = image.height / scaled.height;
  return boxes
    .filter((box) => box.x < scaled.width && box.y < scaled.height)
    .map((box) => ({
      x: box.x * scaleX,
      y: box.y * scaleY,
      width: Math.min(box.width, scaled.width - box.x) * scaleX,
      height: Math.min(box.height, scaled.height - box.y) * scaleY,
      score: box.score,
    }));
}
