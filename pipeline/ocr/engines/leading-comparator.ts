import { comparatorOf, comparatorShape, SHAPE_CONFIDENCE } from "../comparator-shape.js";
import type { GrayImage } from "../gray-image.js";
import type { Rect } from "../unread-cells.js";
import { pixelsPerStep, type CropGeometry } from "./crop-steps.js";


/**
 * A line's reading with its leading comparator checked against that glyph's strokes (`comparatorShape`): where
 * they make another comparator (`≤0.8万元` read `<0.8万元`, the bar under the chevron lost to the blur), that one
 * is taken and its character's confidence lowered to `SHAPE_CONFIDENCE`, so the value stays flagged. The glyph is the slice of
 * the crop up to halfway between the steps that emitted the first and second characters.
 */
export function withLeadingComparatorChecked<T extends { readonly text: string; readonly characters: readonly number[]; readonly positions: readonly number[] }>(
  image: GrayImage,
  crop: CropGeometry,
  reading: T,
): T {
  const read = comparatorOf(reading.text[0] ?? "");
  if (!read || reading.positions.length < 2 || reading.text.length < 2) return reading;
  const right = crop.left + Math.round(((reading.positions[0]! + reading.positions[1]!) / 2) * pixelsPerStep(crop));
  const ink = inkBox(image, { left: crop.left, top: crop.top, right: Math.min(right, crop.left + crop.width - 1), bottom: crop.top + crop.height - 1 });
  if (!ink) return reading;
  const shape = comparatorShape(image, ink);
  if (!shape || shape === read) return reading;
  const confidence = Math.min(reading.characters[0] ?? 1, SHAPE_CONFIDENCE);
  return { ...reading, text: shape + reading.text.slice(1), characters: [confidence, ...reading.characters.slice(1)] };
}

/** The box of the pixels in `area` darker than halfway between its darkest and its lightest, or null for blank paper. */
function inkBox(image: GrayImage, area: Rect): Rect | null {
  const left = Math.max(0, area.left);
  const top = Math.max(0, area.top);
  const right = Math.min(image.width - 1, area.right);
  const bottom = Math.min(image.height - 1, area.bottom);
  let darkest = 255;
  let lightest = 0;
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) {
      const value = image.data[y * image.width + x]!;
      if (value < darkest) darkest = value;
      if (value > lightest) lightest = value;
    }
  }
  const threshold = (darkest + lightest) / 2;
  let box: { left: number; top: number; right: number; bottom: number } | null = null;
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) {
      if (image.data[y * image.width + x]! >= threshold) continue;
      box = box ? { left: Math.min(box.left, x), top: Math.min(box.top, y), right: Math.max(box.right, x), bottom: Math.max(box.bottom, y) } : { left: x, top: y, right: x, bottom: y };
    }
  }
  return box;
}
