import type { PixelBox } from "../ocr-engine.js";

/** DB (differentiable binarization) post-processing settings; the defaults are PaddleOCR's. */
export interface TextBoxOptions {
  /** A map pixel above this is text. @default 0.3 */
  readonly pixelThreshold?: number;
  /** A region whose mean probability is below this is dropped. @default 0.6 */
  readonly boxThreshold?: number;
  /** How far a shrunk text kernel is grown back (area × ratio / perimeter). @default 1.5 */
  readonly unclipRatio?: number;
}

export interface ScoredBox extends PixelBox {
  readonly score: number;
}

/**
 * Text regions from a DB detector's probability map, as axis-aligned boxes in map pixels.
 *
 * PaddleOCR fits a rotated rectangle to each contour; the scan path deskews pages before detection, so
 * lines are level and the connected component's bounding box is the same rectangle, found with a
 * two-pass union-find instead of OpenCV (which would be 10 MB of wasm per worker for one function).
 */
export function textBoxesFromProbabilityMap(map: Float32Array, width: number, height: number, options: TextBoxOptions = {}): ScoredBox[] {
  const pixelThreshold = options.pixelThreshold ?? 0.3;
  const boxThreshold = options.boxThreshold ?? 0.6;
  const unclipRatio = options.unclipRatio ?? 1.5;

  const labels = new Int32Array(width * height);
  const parent: number[] = [0];
  const find = (label: number): number => {
    while (parent[label] !== label) {
      parent[label] = parent[parent[label]!]!;
      label = parent[label]!;
    }
    return label;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const index = y * width + x;
      if (map[index]! <= pixelThreshold) continue;
      const left = x > 0 ? labels[index - 1]! : 0;
      const up = y > 0 ? labels[index - width]! : 0;
      if (left === 0 && up === 0) {
        labels[index] = parent.length;
        parent.push(parent.length);
      } else if (left !== 0 && up !== 0) {
        const a = find(left);
        const b = find(up);
        labels[index] = Math.min(a, b);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      } else {
        labels[index] = left || up;
      }
    }
  }

  // Every label's root once, then each region's bounds in typed arrays indexed by root, regions kept in the
  // order their first pixel is met in raster order.
  const roots = new Int32Array(parent.length);
  for (let label = 1; label < parent.length; label++) roots[label] = find(label);
  const lefts = new Int32Array(parent.length);
  const tops = new Int32Array(parent.length);
  const rights = new Int32Array(parent.length);
  const bottoms = new Int32Array(parent.length);
  const seen = new Uint8Array(parent.length);
  const order: number[] = [];
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const label = labels[row + x]!;
      if (label === 0) continue;
      const root = roots[label]!;
      if (seen[root] === 0) {
        seen[root] = 1;
        order.push(root);
        lefts[root] = x;
        rights[root] = x;
        tops[root] = y;
        bottoms[root] = y;
      } else {
        if (x < lefts[root]!) lefts[root] = x;
        if (x > rights[root]!) rights[root] = x;
        bottoms[root] = y;
      }
    }
  }
  const regions = order.map((root) => ({ left: lefts[root]!, top: tops[root]!, right: rights[root]!, bottom: bottoms[root]! }));

  const boxes: ScoredBox[] = [];
  for (const region of regions) {
    const regionWidth = region.right - region.left + 1;
    const regionHeight = region.bottom - region.top + 1;
    if (Math.min(regionWidth, regionHeight) < 3) continue;
    // PaddleOCR's "fast" score: the mean probability over the box, background included.
    let sum = 0;
    for (let y = region.top; y <= region.bottom; y++) {
      for (let x = region.left; x <= region.right; x++) sum += map[y * width + x]!;
    }
    const score = sum / (regionWidth * regionHeight);
    if (score < boxThreshold) continue;
    // The detector is trained on kernels shrunk by this same offset; grow them back to the text's extent.
    const distance = (regionWidth * regionHeight * unclipRatio) / (2 * (regionWidth + regionHeight));
    const left = Math.max(0, region.left - distance);
    const top = Math.max(0, region.top - distance);
    const right = Math.min(width, region.right + 1 + distance);
    const bottom = Math.min(height, region.bottom + 1 + distance);
    if (Math.min(right - left, bottom - top) < 5) continue;
    boxes.push({ x: left, y: top, width: right - left, height: bottom - top, score });
  }
  return boxes.sort((a, b) => a.y - b.y || a.x - b.x);
}
