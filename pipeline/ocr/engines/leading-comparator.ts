import { comparatorOf, comparatorShape, inkBoxIn, SHAPE_CONFIDENCE } from "../comparator-shape.js";
import type { GrayImage } from "../gray-image.js";
import { pixelsPerStep, type CropGeometry } from "./crop-steps.js";


/**
 * A line's reading with its leading comparator checked against that glyph's strokes (`comparatorShape`): where
 * they make another comparator (`≤0.8万元` read `<0.8万元`, the bar under the chevron lost to the blur), that one
 * is taken and its character's confidence lowered to `SHAPE_CONFIDENCE`, so the value stays flagged. The glyph is the slice of
 * the crop up to halfway between the steps that emitted the first and second characters.
 */
export function withLeadingComparatorChecked<T extends { readonly text: string; readonly characters: readonly number[]; readonly positions: readonly number[]; readonly raw?: string; readonly repairs?: readonly string[] }>(
  image: GrayImage,
  crop: CropGeometry,
  reading: T,
): T {
  const read = comparatorOf(reading.text[0] ?? "");
  if (!read || reading.positions.length < 2 || reading.text.length < 2) return reading;
  const right = crop.left + Math.round(((reading.positions[0]! + reading.positions[1]!) / 2) * pixelsPerStep(crop));
  const ink = inkBoxIn(image, { left: crop.left, top: crop.top, right: Math.min(right, crop.left + crop.width - 1), bottom: crop.top + crop.height - 1 });
  if (!ink) return reading;
  const shape = comparatorShape(image, ink);
  if (!shape || shape === read) return reading;
  const confidence = Math.min(reading.characters[0] ?? 1, SHAPE_CONFIDENCE);
  return {
    ...reading,
    text: shape + reading.text.slice(1),
    characters: [confidence, ...reading.characters.slice(1)],
    raw: reading.raw ?? reading.text,
    repairs: [...(reading.repairs ?? []), `leading "${reading.text[0]}" read as "${shape}" by the glyph's strokes`],
  };
}
