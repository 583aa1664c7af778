import { pdfjs } from "../io/load-pdfjs.js";
import type { PDFPageProxy } from "pdfjs-dist/types/src/display/api.js";
import { grayFromRgba, type GrayImage } from "./gray-image.js";

/** A page that is one scanned image, taken as the scanner made it. */
export interface EmbeddedScan {
  readonly image: GrayImage;
  /** Image pixels per PDF point (the scan's dpi / 72). */
  readonly scale: number;
}

/** Scans outside this range are rendered instead: below it OCR needs more pixels, above it costs more than it gains. */
const MIN_DPI = 100;
const MAX_DPI = 400;
/** How far the image may stop short of the page edge, or its pixels be from square, and still be the page. */
const TOLERANCE = 0.01;
/** Operators that neither paint nor change what the image looks like. */
const NEUTRAL_OPERATORS = new Set<number>([
  pdfjs.OPS.save,
  pdfjs.OPS.restore,
  pdfjs.OPS.transform,
  pdfjs.OPS.dependency,
  pdfjs.OPS.setGState,
  pdfjs.OPS.beginMarkedContent,
  pdfjs.OPS.beginMarkedContentProps,
  pdfjs.OPS.endMarkedContent,
]);

type Matrix = number[];

interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly kind?: number;
  readonly data?: Uint8Array | Uint8ClampedArray;
}

/**
 * The page's own scan, when the page is nothing but one upright image covering it (what scanners and
 * scan-to-PDF tools write): its pixels at their native resolution, in grayscale. Rendering that page at a
 * fixed 200 dpi would resample a 150 dpi scan up, adding pixels (and detection, deskew and ruling cost)
 * but no detail. Any other page (text, vector drawings, several images, a rotated or flipped image, a
 * resolution outside 100–400 dpi) gives null, and is rendered.
 */
export async function embeddedScan(page: PDFPageProxy): Promise<EmbeddedScan | null> {
  const viewport = page.getViewport({ scale: 1 });
  if (viewport.rotation % 360 !== 0) return null;
  const operators = await page.getOperatorList();
  let matrix: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  let painted: { readonly id: string; readonly matrix: Matrix } | null = null;
  for (let index = 0; index < operators.fnArray.length; index++) {
    const fn = operators.fnArray[index]!;
    const args = operators.argsArray[index] as unknown[] | null;
    if (fn === pdfjs.OPS.paintImageXObject && args) {
      if (painted) return null;
      painted = { id: String(args[0]), matrix };
    } else if (!NEUTRAL_OPERATORS.has(fn)) return null;
    else if (fn === pdfjs.OPS.save) stack.push(matrix);
    else if (fn === pdfjs.OPS.restore) matrix = stack.pop() ?? [1, 0, 0, 1, 0, 0];
    else if (fn === pdfjs.OPS.transform && args) matrix = pdfjs.Util.transform(matrix, args as Matrix) as Matrix;
  }
  if (!painted) return null;

  // The unit square the image is drawn into, in viewport points (top-left origin, y down): upright when
  // x runs right and the image's first row (y = 1 in image space) lands at the top.
  const [a, b, c, d, e, f] = pdfjs.Util.transform(viewport.transform, painted.matrix) as Matrix;
  if (Math.abs(b!) > 1e-6 || Math.abs(c!) > 1e-6 || !(a! > 0) || !(d! < 0)) return null;
  const rectangle = { left: e!, right: e! + a!, top: f! + d!, bottom: f! };
  const covers = (start: number, end: number, size: number) => Math.abs(start) <= size * TOLERANCE && Math.abs(end - size) <= size * TOLERANCE;
  if (!covers(rectangle.left, rectangle.right, viewport.width) || !covers(rectangle.top, rectangle.bottom, viewport.height)) return null;

  const decoded = await objectData(page, painted.id);
  if (!decoded?.data) return null;
  const scaleX = decoded.width / viewport.width;
  const scaleY = decoded.height / viewport.height;
  if (Math.abs(scaleX / scaleY - 1) > TOLERANCE) return null;
  const dpi = scaleX * 72;
  if (dpi < MIN_DPI || dpi > MAX_DPI) return null;
  const image = toGray(decoded);
  return image ? { image, scale: scaleX } : null;
}

/** Image data pdf.js decoded for the page (page-local objects) or the document (shared ones, `g_` ids). */
function objectData(page: PDFPageProxy, id: string): Promise<DecodedImage | null> {
  const objects = id.startsWith("g_") ? page.commonObjs : page.objs;
  return new Promise((resolve) => objects.get(id, (data: unknown) => resolve((data as DecodedImage | null) ?? null)));
}

/** pdf.js's decoded pixels as 8-bit gray: 1-bit (1 = white), RGB or RGBA rows. */
function toGray(decoded: DecodedImage): GrayImage | null {
  const { width, height, data } = decoded;
  if (!data) return null;
  if (decoded.kind === pdfjs.ImageKind.GRAYSCALE_1BPP) {
    const gray = new Uint8Array(width * height);
    const rowBytes = (width + 7) >> 3;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) gray[y * width + x] = data[y * rowBytes + (x >> 3)]! & (0x80 >> (x & 7)) ? 255 : 0;
    }
    return { width, height, data: gray };
  }
  const channels = decoded.kind === pdfjs.ImageKind.RGB_24BPP ? 3 : decoded.kind === pdfjs.ImageKind.RGBA_32BPP ? 4 : 0;
  if (channels === 0 || data.length < width * height * channels) return null;
  return grayFromRgba(data, width, height, channels);
}
