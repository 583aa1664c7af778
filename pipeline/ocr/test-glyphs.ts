import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import type { GrayImage } from "./gray-image.js";
import type { Rect } from "./unread-cells.js";

/** A glyph drawn on white paper, as gray pixels, with the inclusive box of its ink (darker than 176). */
export function drawnGlyph(draw: (context: SKRSContext2D) => void, size: number, noise = 0): { image: GrayImage; ink: Rect } {
  const canvas = createCanvas(size * 3, size * 3);
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = "#111";
  context.strokeStyle = "#111";
  draw(context);
  const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
  const data = new Uint8Array(canvas.width * canvas.height);
  // Deterministic noise, as a scanner's grain: a fixed pseudo-random sequence.
  let seed = 12345;
  for (let index = 0; index < data.length; index++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    data[index] = Math.max(0, Math.min(255, rgba[index * 4]! + Math.round(((seed / 0x7fffffff) * 2 - 1) * noise)));
  }
  let left = Infinity, top = Infinity, right = -1, bottom = -1;
  for (let y = 0; y < canvas.height; y++) {
    for (let x = 0; x < canvas.width; x++) {
      if (data[y * canvas.width + x]! >= 176) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return { image: { width: canvas.width, height: canvas.height, data }, ink: { left, top, right, bottom } };
}

/** A character in a font at `size` pixels. */
export function fontGlyph(character: string, font: string, size: number, noise = 0): { image: GrayImage; ink: Rect } {
  return drawnGlyph((context) => {
    context.font = `${size}px "${font}"`;
    context.textBaseline = "middle";
    context.fillText(character, size, size * 1.5);
  }, size, noise);
}

/**
 * The slanted `⩾` some fonts print for `≥` (`⩽` mirrored): a chevron with a bar under it parallel to its lower
 * arm, `size` pixels tall, strokes `stroke` pixels wide.
 */
export function slantedComparator(opensRight: boolean, size: number, stroke: number, noise = 0): { image: GrayImage; ink: Rect } {
  const width = Math.round(size * 0.8);
  return drawnGlyph((context) => {
    const x = (value: number) => size + (opensRight ? value : width - value);
    const y = (value: number) => size + value;
    context.lineWidth = stroke;
    context.beginPath();
    context.moveTo(x(0), y(0));
    context.lineTo(x(width), y(size * 0.38));
    context.lineTo(x(0), y(size * 0.7));
    context.moveTo(x(width), y(size * 0.62));
    context.lineTo(x(0), y(size));
    context.stroke();
  }, size * 2, noise);
}

/**
 * `printed` set in a font at `size` pixels on one line, the crop the detector would give around it, and the
 * time step at which a recognizer reading it would emit each character (about a third into its advance, as
 * PP-OCR's CTC head does), for a recognizer input 48 pixels tall with 8 pixels a step.
 */
export function printedLine(printed: string, font = "Noto Sans CJK SC", size = 24) {
  const canvas = createCanvas(Math.ceil(size * printed.length * 1.2) + 40, Math.ceil(size * 2.5));
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = "#111";
  context.font = `${size}px "${font}"`;
  context.textBaseline = "middle";
  const start = 10;
  context.fillText(printed, start, canvas.height / 2);
  const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
  const data = new Uint8Array(canvas.width * canvas.height);
  for (let index = 0; index < data.length; index++) data[index] = rgba[index * 4]!;
  const image: GrayImage = { width: canvas.width, height: canvas.height, data };
  const width = Math.ceil(context.measureText(printed).width) + 6;
  const height = Math.round(size * 1.35);
  const crop = { left: start - 3, top: Math.round(canvas.height / 2 - height / 2), width, height, outWidth: Math.round((48 * width) / height) };
  const pixelsPerStep = 8 * (crop.width / crop.outWidth);
  const positions: number[] = [];
  let advance = 0;
  for (const character of printed) {
    const own = context.measureText(character).width;
    positions.push(Math.round((3 + advance + own / 3) / pixelsPerStep));
    advance += own;
  }
  return { image, crop, positions };
}
