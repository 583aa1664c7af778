import { createCanvas } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { SHAPE_CONFIDENCE } from "../comparator-shape.js";
import { withLeadingComparatorChecked } from "./leading-comparator.js";

const FONT = "Noto Sans CJK SC";

/**
 * `printed` set in Noto at 24 px, the crop the detector would give around it, and the steps at which a
 * recognizer reading it would emit its first two characters (the first glyph's advance apart, as CTC does).
 */
function printedLine(printed: string) {
  const size = 24;
  const canvas = createCanvas(260, 60);
  const context = canvas.getContext("2d");
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = "#111";
  context.font = `${size}px "${FONT}"`;
  context.textBaseline = "middle";
  context.fillText(printed, 10, 30);
  const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
  const data = new Uint8Array(canvas.width * canvas.height);
  for (let index = 0; index < data.length; index++) data[index] = rgba[index * 4]!;
  const image = { width: canvas.width, height: canvas.height, data };
  const width = Math.ceil(context.measureText(printed).width) + 6;
  const crop = { left: 7, top: 14, width, height: 32, outWidth: Math.round((48 * width) / 32) };
  const pixelsPerStep = 8 * (crop.width / crop.outWidth);
  const firstAdvance = context.measureText(printed[0]!).width;
  // Steps that put the first glyph's slice just past its own advance: (p0 + p1) / 2 steps ≈ 3 px + the advance.
  const p0 = 1;
  const p1 = Math.round((2 * (firstAdvance + 3)) / pixelsPerStep) - p0;
  return { image, crop, positions: (text: string) => [p0, p1, ...Array.from({ length: text.length - 2 }, (_unused, index) => p1 + 2 * (index + 1))] };
}

const reading = (text: string, positions: number[], characters = text.split("").map(() => 0.97)) => ({ text, characters, positions });

describe("withLeadingComparatorChecked", () => {
  it("takes the comparator the first glyph's strokes make where the recognizer read another (≤12.50 read <12.50), doubting it", () => {
    const { image, crop, positions } = printedLine("≤12.50万元");
    const checked = withLeadingComparatorChecked(image, crop, reading("<12.50万元", positions("<12.50万元")));
    expect(checked.text).toBe("≤12.50万元");
    expect(checked.characters[0]).toBe(SHAPE_CONFIDENCE);
    expect(checked.characters.slice(1)).toEqual(Array(7).fill(0.97));
  });

  it("leaves a reading the strokes agree with, one they do not speak to, and text with no leading comparator", () => {
    for (const [printed, read] of [["≥95%", "≥95%"], ["＝100%", "＝100%"], ["90%", "90%"], ["完成", "完成"]] as const) {
      const { image, crop, positions } = printedLine(printed);
      const line = reading(read, positions(read));
      expect(withLeadingComparatorChecked(image, crop, line)).toBe(line);
    }
  });
});
