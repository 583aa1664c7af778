import type { GrayImage } from "./gray-image.js";

/**
 * The image scaled by `factor` (0 < factor ≤ 1) with area averaging: each output pixel is the mean of the
 * input pixels it covers, with fractional weights at its edges. Bilinear sampling at a factor below ½ skips
 * input pixels, so a one-pixel stroke or border can vanish from the smaller image; averaging keeps it, fainter.
 */
export function downscaleGray(image: GrayImage, factor: number): GrayImage {
  if (!(factor > 0 && factor <= 1)) throw new RangeError(`Expected a downscale factor in (0, 1], got ${factor}`);
  if (factor === 1) return image;
  const width = Math.max(1, Math.round(image.width * factor));
  const height = Math.max(1, Math.round(image.height * factor));
  const columns = spans(image.width, width);
  const rows = spans(image.height, height);
  // Rows are summed first into one line of column sums, so every input pixel is read once.
  const line = new Float64Array(width);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    line.fill(0);
    const rowSpan = rows[y]!;
    for (let part = 0; part < rowSpan.length; part++) {
      const { index: sourceY, weight: rowWeight } = rowSpan[part]!;
      const source = sourceY * image.width;
      for (let x = 0; x < width; x++) {
        const columnSpan = columns[x]!;
        let sum = 0;
        for (let column = 0; column < columnSpan.length; column++) sum += image.data[source + columnSpan[column]!.index]! * columnSpan[column]!.weight;
        line[x]! += sum * rowWeight;
      }
    }
    const target = y * width;
    for (let x = 0; x < width; x++) data[target + x] = line[x]! + 0.5;
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
