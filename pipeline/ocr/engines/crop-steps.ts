/** Where a crop came from in the page image, and how wide it was given to the recognizer (48 pixels tall). */
export interface CropGeometry {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly outWidth: number;
}

/** The recognizer's output has one time step per this many pixels of its input (PP-OCR's CTC head). */
const PIXELS_PER_STEP = 8;

/** How many pixels of the page image one time step of the recognizer covers along a crop. */
export function pixelsPerStep(crop: CropGeometry): number {
  return PIXELS_PER_STEP * (crop.width / crop.outWidth);
}
