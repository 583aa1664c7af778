import type { TensorRange } from "./quantize-convs.js";

/** What `models/ppocr-v4-int8/manifest.json` records: the float models the int8 ones were made from, how, and their hashes. */
export interface Int8ModelManifest {
  readonly builtBy: string;
  readonly from: Record<"detection" | "recognition", { readonly file: string; readonly sha256: string }>;
  readonly calibration: { readonly pdfs: readonly string[]; readonly pages: number; readonly detectorRuns: number; readonly recognizerRuns: number };
  readonly models: Record<"det.onnx" | "rec.onnx", string>;
  readonly ranges: Record<"detector" | "recognizer", Record<string, TensorRange>>;
}
