import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Int8ModelManifest } from "../../../scripts/quantize/int8-manifest.js";
import { floatModelPaths, int8ModelPaths } from "./paddle-models.js";

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("the int8 models in the repository", () => {
  const int8 = int8ModelPaths();
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(int8.detection), "manifest.json"), "utf8")) as Int8ModelManifest;

  it("were made from the float models installed now (else rebuild them: npx tsx scripts/quantize-ocr-models.ts)", () => {
    const float = floatModelPaths();
    expect(sha256(float.detection)).toBe(manifest.from.detection.sha256);
    expect(sha256(float.recognition)).toBe(manifest.from.recognition.sha256);
  });

  it("are the files the manifest describes", () => {
    expect(sha256(int8.detection)).toBe(manifest.models["det.onnx"]);
    expect(sha256(int8.recognition)).toBe(manifest.models["rec.onnx"]);
    expect(manifest.calibration.pdfs.every((pdf) => !pdf.includes("fixtures/pdf-scanned") && !pdf.includes("fixtures/variants"))).toBe(true);
  });
});
