import { existsSync } from "node:fs";
import path from "node:path";
import { createCanvas, loadImage } from "@napi-rs/canvas";
import { PageRenderer } from "../../review/page-renderer.js";
import type { DocumentReport } from "../eval-report.js";
import { cropKey, worstMismatches } from "./mismatch-rows.js";

/** How many of the worst mismatches get page crops: each is a page render, and the file carries the PNGs. */
export const PAGE_CROPS = 100;

/** Pixels per PDF point of the crops: enough to read a CJK cell. */
const CROP_SCALE = 2;
/** Points of page kept around the cell: its neighbours say which row and column it is. */
const MARGIN_X = 60;
const MARGIN_Y = 14;
/** A "cell" taller than this (points) is a block of flowing text, not a table cell: its text says more than a picture of half a page, and would weigh the file down. */
const MAX_CELL_HEIGHT = 120;

/**
 * PNG data URLs of the page around each cited cell of the worst mismatches (the cell outlined in red), for
 * the HTML report to inline: the reader sees the cell as printed, not only its text. Only cells with a
 * recorded box and a PDF still on disk get one; a page that cannot be rendered is skipped, never fatal.
 */
export async function pageCrops(documents: readonly DocumentReport[], options: { readonly limit: number; readonly baseDir: string }): Promise<Map<string, string>> {
  const crops = new Map<string, string>();
  const renderer = new PageRenderer({ scale: CROP_SCALE, cachedPages: 8 });
  try {
    for (const { document, mismatch } of worstMismatches(documents).slice(0, options.limit)) {
      const file = path.resolve(options.baseDir, document.input);
      if (!existsSync(file)) continue;
      for (const [index, source] of mismatch.source.entries()) {
        if (!source.box || source.box.height > MAX_CELL_HEIGHT) continue;
        try {
          const png = await renderer.render(file, `${document.name}:${document.rendition}`, source.page);
          crops.set(cropKey(document, mismatch, index), await cropAround(png, source.box));
        } catch {
          // A crop is a help to the reader: the text evidence stays when the page cannot be drawn.
        }
      }
    }
  } finally {
    await renderer.close();
  }
  return crops;
}

async function cropAround(png: Buffer, box: { x: number; y: number; width: number; height: number }): Promise<string> {
  const page = await loadImage(png);
  const left = Math.max(0, Math.floor((box.x - MARGIN_X) * CROP_SCALE));
  const top = Math.max(0, Math.floor((box.y - MARGIN_Y) * CROP_SCALE));
  const right = Math.min(page.width, Math.ceil((box.x + box.width + MARGIN_X) * CROP_SCALE));
  const bottom = Math.min(page.height, Math.ceil((box.y + box.height + MARGIN_Y) * CROP_SCALE));
  const canvas = createCanvas(Math.max(1, right - left), Math.max(1, bottom - top));
  const context = canvas.getContext("2d");
  context.drawImage(page, left, top, right - left, bottom - top, 0, 0, right - left, bottom - top);
  context.strokeStyle = "#d92d20";
  context.lineWidth = 3;
  context.strokeRect(box.x * CROP_SCALE - left - 2, box.y * CROP_SCALE - top - 2, box.width * CROP_SCALE + 4, box.height * CROP_SCALE + 4);
  return `data:image/png;base64,${(await canvas.encode("png")).toString("base64")}`;
}
