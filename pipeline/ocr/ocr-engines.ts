import { createPaddleEngine, createPaddleFloatEngine } from "./engines/paddle.js";
import { createTesseractEngine } from "./engines/tesseract.js";
import type { OcrEngineFactory, OcrEngineName } from "./ocr-engine.js";

/**
 * Every OCR engine by name. A `Record` over the union, so a name added to `OcrEngineNameSchema` without an
 * engine here fails to compile.
 */
export const OCR_ENGINES: Readonly<Record<OcrEngineName, OcrEngineFactory>> = {
  paddle: createPaddleEngine,
  "paddle-float": createPaddleFloatEngine,
  tesseract: createTesseractEngine,
};
