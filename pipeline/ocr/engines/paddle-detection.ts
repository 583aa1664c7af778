import * as ort from "onnxruntime-node";
import type { GrayImage } from "../gray-image.js";
import type { PixelBox } from "../ocr-engine.js";
import { resizeGray, scaledSize } from "../resize-gray.js";
import { textBoxesFromProbabilityMap, type ScoredBox } from "./text-boxes.js";

/** DB needs sides that are multiples of 32; padding with paper (not stretching) keeps pixel positions exact. */
const DETECTION_STRIDE = 32;
/** ImageNet statistics, in the BGR channel order PaddleOCR feeds its detector. */
const DETECTION_MEAN = [0.485, 0.456, 0.406] as const;
const DETECTION_STD = [0.229, 0.224, 0.225] as const;
/** A gray pixel has the same value in every channel, so each channel is one lookup table of 256 values. */
const CHANNEL_TABLES = [0, 1, 2].map((channel) => Float32Array.from({ length: 256 }, (_value, level) => (level / 255 - DETECTION_MEAN[channel]!) / DETECTION_STD[channel]!));

/**
 * The detector is run on bands of at most this many rows of its input (at the detection scale, where text
 * is about 22 px tall; PaddleOCR's own default bounds a whole input's long side to 960): onnxruntime's
 * working memory grows with the input and its arena keeps its peak. On the scanned fixtures a worker peaked
 * at 968 MiB detecting whole pages and at 624 MiB with bands of 960 rows inside the written region (`inkRegion`),
 * for 0.67× the detection CPU; 640 rows saved 110 MiB more but cut more lines at band seams.
 */
const DETECTION_BAND_ROWS = 960;
/**
 * Neighbouring bands overlap by this many rows (about four lines of text at the detection scale) and each
 * keeps the half of the overlap nearer its own middle, so no row of the stitched map comes from within
 * two lines of a band's cut edge.
 */
const DETECTION_BAND_OVERLAP = 96;

/**
 * Text regions of the image, in the image's own pixels. The detector sees the image scaled by `scale`,
 * only `region` of it when given (the rest is taken to be paper), in overlapping bands whose probability
 * maps are stitched into one before boxes are found: its cost and the memory onnxruntime keeps for it grow
 * with the pixels it is given at once.
 */
export async function detectTextBoxes(detector: ort.InferenceSession, image: GrayImage, scale = 1, region?: PixelBox): Promise<ScoredBox[]> {
  // The window is cut from the scaled page on the detector's 32-pixel grid, so each band's tensor is an
  // exact block of the whole page's tensor; only the window is scaled.
  const window = detectionWindow(scaledSize(image, scale), region, scale);
  const scaled = resizeGray(image, scale, window);
  const map = new Float32Array(window.width * window.height);
  for (const band of detectionBands(window.height)) {
    await detectBand(detector, scaled, { x: window.x, y: window.y + band.top, width: window.width, height: band.height }, (probabilities) => {
      const keep = probabilities.subarray((band.keepTop - band.top) * window.width, (band.keepBottom - band.top) * window.width);
      map.set(keep, band.keepTop * window.width);
    });
  }
  const boxes = textBoxesFromProbabilityMap(map, window.width, window.height);
  // Boxes that lie wholly in the padding cannot hold text; clip the rest to the image.
  const scaleX = image.width / scaled.width;
  const scaleY = image.height / scaled.height;
  return boxes
    .map((box) => ({ ...box, x: box.x + window.x, y: box.y + window.y }))
    .filter((box) => box.x < scaled.width && box.y < scaled.height)
    .map((box) => ({
      x: box.x * scaleX,
      y: box.y * scaleY,
      width: Math.min(box.width, scaled.width - box.x) * scaleX,
      height: Math.min(box.height, scaled.height - box.y) * scaleY,
      score: box.score,
    }));
}

/**
 * The detector's probability map for one block of the scaled image (paper beyond its edges), row-major,
 * handed to `use` before onnxruntime's output is released (the band's rows are copied once, into the map).
 */
async function detectBand(detector: ort.InferenceSession, scaled: GrayImage, block: PixelBox, use: (probabilities: Float32Array) => void): Promise<void> {
  const { width, height } = block;
  const plane = width * height;
  const input = new Float32Array(3 * plane);
  const rows = Math.max(0, Math.min(height, scaled.height - block.y));
  const columns = Math.max(0, Math.min(width, scaled.width - block.x));
  const [first, second, third] = CHANNEL_TABLES as [Float32Array, Float32Array, Float32Array];
  // Paper beyond the image's edges (a block that reaches past them); the image's own pixels are written over
  // it, each read once for all three planes.
  if (rows < height || columns < width) {
    input.fill(first[255]!, 0, plane);
    input.fill(second[255]!, plane, 2 * plane);
    input.fill(third[255]!, 2 * plane, 3 * plane);
  }
  const { data } = scaled;
  for (let y = 0; y < rows; y++) {
    const row = (block.y + y) * scaled.width + block.x;
    const target = y * width;
    for (let x = 0; x < columns; x++) {
      const level = data[row + x]!;
      input[target + x] = first[level]!;
      input[plane + target + x] = second[level]!;
      input[2 * plane + target + x] = third[level]!;
    }
  }
  const feeds = { [detector.inputNames[0]!]: new ort.Tensor("float32", input, [1, 3, height, width]) };
  const output = (await detector.run(feeds))[detector.outputNames[0]!]!;
  try {
    use((output.data as Float32Array).subarray(0, plane));
  } finally {
    output.dispose();
  }
}

/** A band of the window's rows given to the detector, and the rows of it that go into the stitched map. */
export interface DetectionBand {
  readonly top: number;
  readonly height: number;
  readonly keepTop: number;
  readonly keepBottom: number;
}

/**
 * Rows `0..height` (a multiple of 32) cut into as few equal bands of at most `DETECTION_BAND_ROWS` rows
 * as cover them with `DETECTION_BAND_OVERLAP` rows shared between neighbours; each keeps its rows up to
 * the middle of each overlap.
 */
export function detectionBands(height: number): DetectionBand[] {
  if (height <= DETECTION_BAND_ROWS) return [{ top: 0, height, keepTop: 0, keepBottom: height }];
  const count = Math.ceil((height - DETECTION_BAND_OVERLAP) / (DETECTION_BAND_ROWS - DETECTION_BAND_OVERLAP));
  const bandHeight = Math.ceil((height + (count - 1) * DETECTION_BAND_OVERLAP) / count / DETECTION_STRIDE) * DETECTION_STRIDE;
  const step = bandHeight - DETECTION_BAND_OVERLAP;
  return Array.from({ length: count }, (_unused, index) => {
    const top = index * step;
    const bottom = Math.min(height, top + bandHeight);
    return {
      top,
      height: bottom - top,
      keepTop: index === 0 ? 0 : top + DETECTION_BAND_OVERLAP / 2,
      keepBottom: index === count - 1 ? height : top + bandHeight - DETECTION_BAND_OVERLAP / 2,
    };
  });
}

/** The part of the scaled image the detector is given: `region` (in the unscaled image) widened to the 32-pixel grid, or all of it. */
function detectionWindow(scaled: { readonly width: number; readonly height: number }, region: PixelBox | undefined, scale: number): PixelBox {
  const toGrid = (value: number) => Math.floor(value / DETECTION_STRIDE) * DETECTION_STRIDE;
  const left = region ? toGrid(region.x * scale) : 0;
  const top = region ? toGrid(region.y * scale) : 0;
  const right = region ? Math.min(scaled.width, Math.ceil((region.x + region.width) * scale)) : scaled.width;
  const bottom = region ? Math.min(scaled.height, Math.ceil((region.y + region.height) * scale)) : scaled.height;
  return {
    x: left,
    y: top,
    width: Math.ceil((right - left) / DETECTION_STRIDE) * DETECTION_STRIDE,
    height: Math.ceil((bottom - top) / DETECTION_STRIDE) * DETECTION_STRIDE,
  };
}
