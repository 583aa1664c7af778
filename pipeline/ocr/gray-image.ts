/**
 * An 8-bit grayscale raster, row-major, 0 = black, 255 = white. Every image step of the scan path
 * (rasterize, deskew, find rulings, recognize) works on this one shape so they compose without copies
 * between libraries.
 */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** A white image of the given size. */
export function blankImage(width: number, height: number): GrayImage {
  return { width, height, data: new Uint8Array(width * height).fill(255) };
}

/**
 * Luma of an RGBA buffer (canvas `getImageData` layout), or of RGB with `channels` 3, ITU-R BT.601 weights
 * in integer arithmetic.
 */
export function grayFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: 3 | 4 = 4): GrayImage {
  const data = new Uint8Array(width * height);
  for (let index = 0, offset = 0; index < data.length; index++, offset += channels) {
    data[index] = (rgba[offset]! * 299 + rgba[offset + 1]! * 587 + rgba[offset + 2]! * 114 + 500) / 1000;
  }
  return { width, height, data };
}

/** The pixel at (x, y) with bilinear interpolation; outside the image is white. */
export function sampleBilinear(image: GrayImage, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (px: number, py: number) => (px < 0 || py < 0 || px >= image.width || py >= image.height ? 255 : image.data[py * image.width + px]!);
  const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
  const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * The rectangle [left, left+width) × [top, top+height) resized to `outWidth` × `outHeight` with
 * bilinear sampling (area-averaged enough for the ≤ 2× ratios the recognizer needs).
 */
export function cropResize(image: GrayImage, left: number, top: number, width: number, height: number, outWidth: number, outHeight: number): GrayImage {
  const data = new Uint8Array(outWidth * outHeight);
  const scaleX = width / outWidth;
  const scaleY = height / outHeight;
  for (let y = 0; y < outHeight; y++) {
    const sourceY = top + (y + 0.5) * scaleY - 0.5;
    for (let x = 0; x < outWidth; x++) {
      data[y * outWidth + x] = sampleBilinear(image, left + (x + 0.5) * scaleX - 0.5, sourceY);
    }
  }
  return { width: outWidth, height: outHeight, data };
}

/**
 * Otsu's threshold: the gray level that best separates ink from paper. Scans vary in exposure, so a
 * fixed level would lose faint borders on one page and fill in noise on the next.
 */
export function otsuThreshold(image: GrayImage): number {
  return otsuThresholdOfHistogram(grayHistogram(image), image.data.length);
}

/** How many pixels of the image have each gray level. */
export function grayHistogram(image: GrayImage): Uint32Array {
  const histogram = new Uint32Array(256);
  const { data } = image;
  for (let index = 0; index < data.length; index++) histogram[data[index]!]!++;
  return histogram;
}

/** Otsu's threshold from a histogram of `total` pixels, for a caller that needs the histogram as well. */
export function otsuThresholdOfHistogram(histogram: Uint32Array, total: number): number {
  let sumAll = 0;
  for (let level = 0; level < 256; level++) sumAll += level * histogram[level]!;
  let sumBackground = 0;
  let weightBackground = 0;
  let best = 128;
  let bestVariance = -1;
  for (let level = 0; level < 256; level++) {
    weightBackground += histogram[level]!;
    if (weightBackground === 0) continue;
    const weightForeground = total - weightBackground;
    if (weightForeground === 0) break;
    sumBackground += level * histogram[level]!;
    const meanBackground = sumBackground / weightBackground;
    const meanForeground = (sumAll - sumBackground) / weightForeground;
    const variance = weightBackground * weightForeground * (meanBackground - meanForeground) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = level;
    }
  }
  return best;
}
