import type { GrayImage } from "../gray-image.js";
import { linePace } from "./glyph-gaps.js";
import { pixelsPerStep, type CropGeometry } from "./crop-steps.js";
const DASHES = new Set(["-", "－", "—", "–", "一"]);
/**
 * An em dash is a full character wide, a hyphen a quarter of one: measured against the line's pace (whole steps,
 * so 10 % off either way) they came to 0.68–0.88 and 0.20–0.29 paces in Noto Sans and Serif at 20–30 px.
 */
const EM_DASH_PACES = 0.6;
const HYPHEN_PACES = 0.4;

/**
 * A line's reading with each dash between two digits (`2023—2024年`) read by its length: the recognizer
 * conflates `—` and `-`, but the stroke measures them apart at any resolution, against the line's own
 * character pace (`linePace`, from its Chinese characters): an em dash spans about a character, a hyphen or
 * en dash half of one or less. In between, or on a line with no Chinese to take the pace from, the reading
 * stands.
 */
export function withDashesMeasured<T extends { readonly text: string; readonly positions: readonly number[]; readonly raw?: string; readonly repairs?: readonly string[] }>(
  image: GrayImage,
  crop: CropGeometry,
  reading: T,
): T {
  const { text, positions } = reading;
  if (positions.length !== text.length) return reading;
  let measured: string | null = null;
  const notes: string[] = [];
  for (let index = 1; index + 1 < text.length; index++) {
    if (!DASHES.has(text[index]!) || !isDigit(text[index - 1]!) || !isDigit(text[index + 1]!)) continue;
    // Not from digits: at two or three steps a digit, a step of rounding is a third of the pace, and a
    // period cell's hyphen (2021-2021) measured as a dash.
    const pace = linePace(text, positions);
    if (pace === null) return reading;
    const step = pixelsPerStep(crop);
    const length = strokeLength(image, crop, crop.left + (positions[index]! + 0.5) * step, step);
    const paces = length / (pace * step);
    const dash = paces >= EM_DASH_PACES ? "—" : paces <= HYPHEN_PACES ? "-" : null;
    if (dash && dash !== text[index]) {
      measured = (measured ?? text).slice(0, index) + dash + (measured ?? text).slice(index + 1);
      notes.push(`"${text[index]}" between digits read as "${dash}" by its length (${paces.toFixed(2)} of a character)`);
    }
  }
  return measured === null ? reading : { ...reading, text: measured, raw: reading.raw ?? text, repairs: [...(reading.repairs ?? []), ...notes] };
}

function isDigit(character: string): boolean {
  return character >= "0" && character <= "9";
}

/**
 * The longest horizontal run of ink through the middle rows of the crop that passes within one step of `x`:
 * the dash's stroke (a digit's middle bar beside it is not joined to it by ink).
 */
function strokeLength(image: GrayImage, crop: CropGeometry, x: number, pixelsPerStep: number): number {
  const top = Math.max(0, Math.round(crop.top + crop.height * 0.3));
  const bottom = Math.min(image.height - 1, Math.round(crop.top + crop.height * 0.75));
  const left = Math.max(0, crop.left);
  const right = Math.min(image.width - 1, crop.left + crop.width - 1);
  let darkest = 255;
  let lightest = 0;
  for (let y = top; y <= bottom; y++) {
    for (let column = left; column <= right; column++) {
      const value = image.data[y * image.width + column]!;
      darkest = Math.min(darkest, value);
      lightest = Math.max(lightest, value);
    }
  }
  // A dash is one thin stroke, grey at scan resolution: ink is anything a third of the way from paper to the
  // darkest ink, not the halfway that thick strokes allow.
  const threshold = lightest - (lightest - darkest) / 3;
  let longest = 0;
  for (let y = top; y <= bottom; y++) {
    let runStart = -1;
    for (let column = left; column <= right + 1; column++) {
      const ink = column <= right && image.data[y * image.width + column]! < threshold;
      if (ink && runStart < 0) runStart = column;
      if (!ink && runStart >= 0) {
        if (runStart <= x + pixelsPerStep && column - 1 >= x - pixelsPerStep) longest = Math.max(longest, column - runStart);
        runStart = -1;
      }
    }
  }
  return longest;
}
