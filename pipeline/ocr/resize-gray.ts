import type { GrayImage } from "./gray-image.js";
import type { PixelBox } from "./ocr-engine.js";

/**
 * The image scaled by `factor`: area-averaged when smaller (see `downscaleGray`), bilinear when larger.
 * With `region` (in the scaled image's pixels) only the pixels inside it are computed and the rest is
 * paper: the detector reads only the written part of a page, and scaling the margins too cost a fifth more.
 */
export function resizeGray(image: GrayImage, factor: number, region?: PixelBox): GrayImage {
  return factor <= 1 ? downscaleGray(image, factor, region) : upscaleGray(image, factor, region);
}

/** The size of the image scaled by `factor`, as `resizeGray` makes it. */
export function scaledSize(image: { readonly width: number; readonly height: number }, factor: number): { width: number; height: number } {
  if (factor === 1) return { width: image.width, height: image.height };
  return { width: Math.max(1, Math.round(image.width * factor)), height: Math.max(1, Math.round(image.height * factor)) };
}

/** The rows and columns of `region` that lie in a `width` × `height` image (all of it without a region). */
function computedArea(width: number, height: number, region: PixelBox | undefined): { left: number; top: number; right: number; bottom: number } {
  if (!region) return { left: 0, top: 0, right: width, bottom: height };
  const clamp = (value: number, limit: number) => Math.min(limit, Math.max(0, Math.round(value)));
  return { left: clamp(region.x, width), top: clamp(region.y, height), right: clamp(region.x + region.width, width), bottom: clamp(region.y + region.height, height) };
}

/** Bilinear enlargement, edge pixels repeated; the sample positions of each row and column are computed once. */
export function upscaleGray(image: GrayImage, factor: number, region?: PixelBox): GrayImage {
  const { width, height } = scaledSize(image, factor);
  const axis = (inputLength: number, outputLength: number) => {
    const first = new Int32Array(outputLength);
    const weight = new Float32Array(outputLength);
    for (let output = 0; output < outputLength; output++) {
      const position = Math.min(inputLength - 1, Math.max(0, ((output + 0.5) * inputLength) / outputLength - 0.5));
      first[output] = Math.min(inputLength - 2, Math.floor(position));
      weight[output] = position - first[output]!;
    }
    return { first, weight };
  };
  if (image.width < 2 || image.height < 2) throw new RangeError(`Cannot enlarge a ${image.width}×${image.height} image`);
  const columns = axis(image.width, width);
  const rows = axis(image.height, height);
  const area = computedArea(width, height, region);
  const data = new Uint8Array(width * height);
  if (region) data.fill(255);
  const source = image.data;
  for (let y = area.top; y < area.bottom; y++) {
    const upper = rows.first[y]! * image.width;
    const lower = upper + image.width;
    const fy = rows.weight[y]!;
    const target = y * width;
    for (let x = area.left; x < area.right; x++) {
      const x0 = columns.first[x]!;
      const fx = columns.weight[x]!;
      const top = source[upper + x0]! + (source[upper + x0 + 1]! - source[upper + x0]!) * fx;
      const bottom = source[lower + x0]! + (source[lower + x0 + 1]! - source[lower + x0]!) * fx;
      data[target + x] = top + (bottom - top) * fy + 0.5;
    }
  }
  return { width, height, data };
}

/**
 * The image scaled by `factor` (0 < factor ≤ 1) with area averaging: each output pixel is the mean of the
 * input pixels it covers, with fractional weights at its edges. Bilinear sampling at a factor below ½ skips
 * input pixels, so a one-pixel stroke or border can vanish from the smaller image; averaging keeps it, fainter.
 */
export function downscaleGray(image: GrayImage, factor: number, region?: PixelBox): GrayImage {
  if (!(factor > 0 && factor <= 1)) throw new RangeError(`Expected a downscale factor in (0, 1], got ${factor}`);
  if (factor === 1) return image;
  const { width, height } = scaledSize(image, factor);
  const columns = spans(image.width, width);
  const rows = spans(image.height, height);
  const area = computedArea(width, height, region);
  // Rows are summed first into one line of column sums, so every input pixel is read once.
  const line = new Float64Array(width);
  const data = new Uint8Array(width * height);
  if (region) data.fill(255);
  for (let y = area.top; y < area.bottom; y++) {
    line.fill(0);
    const rowSpan = rows[y]!;
    for (let part = 0; part < rowSpan.length; part++) {
      const { index: sourceY, weight: rowWeight } = rowSpan[part]!;
      const source = sourceY * image.width;
      for (let x = area.left; x < area.right; x++) {
        const columnSpan = columns[x]!;
        let sum = 0;
        for (let column = 0; column < columnSpan.length; column++) sum += image.data[source + columnSpan[column]!.index]! * columnSpan[column]!.weight;
        line[x]! += sum * rowWeight;
      }
    }
    const target = y * width;
    for (let x = area.left; x < area.right; x++) data[target + x] = line[x]! + 0.5;
  }
  return { width, height, data };
}

interface Weight {
  readonly index: number;
  readonly weight: number;
}

/** For each of `outputLength` cells, the input cells it covers and their weights (summing to 1). */
function spans(inputLength: number, outputLength: number): Weight[][] {
  const step = inputLength / outputLength;
  return Array.from({ length: outputLength }, (_unused, output) => {
    const start = output * step;
    const end = Math.min(inputLength, start + step);
    const weights: Weight[] = [];
    for (let index = Math.floor(start); index < end; index++) {
      const covered = Math.min(end, index + 1) - Math.max(start, index);
      if (covered > 1e-9) weights.push({ index, weight: covered / (end - start) });
    }
    return weights;
  });
}
