import { createRequire, Module } from "node:module";

/**
 * For a thread that reads PDFs and never draws them (the document readers; OCR and page images render in
 * threads of their own): imported before `load-pdfjs.ts`, so pdf.js finds a stand-in where it looks for its
 * canvas package.
 *
 * Why: pdf.js's display layer requires @napi-rs/canvas as it loads, only to take DOMMatrix, ImageData and
 * Path2D from it, and loading Skia's native library costs about 0.1 CPU-s in every thread that does — a tenth
 * of a one-page run. The stand-in is put into the require cache under the package's own resolved path (what
 * `require` consults first). Its classes can be constructed, since pdf.js builds one DOMMatrix as it loads,
 * but any use of what they make, or of anything else the package would export, throws
 * `RenderingUnavailableError`: a drawing attempt in this thread fails loudly, never with a blank page.
 */
export class RenderingUnavailableError extends Error {
  override readonly name = "RenderingUnavailableError";
  constructor(what: string) {
    super(`${what}: this thread reads PDFs without a canvas (pipeline/io/pdfjs-without-canvas.ts); render in a thread that loads @napi-rs/canvas`);
  }
}

/** A class whose instances throw on any use: enough for pdf.js's load, loud on any drawing. */
function standIn(name: string): new () => object {
  return class {
    constructor() {
      return new Proxy(this, {
        get(_target, key) {
          throw new RenderingUnavailableError(`${name}.${String(key)}`);
        },
      });
    }
  };
}

// Resolved from pdf.js's own folder, as its `require` will.
const pdfjsRequire = createRequire(createRequire(import.meta.url).resolve("pdfjs-dist/legacy/build/pdf.mjs"));
const canvasPath = pdfjsRequire.resolve("@napi-rs/canvas");
const classes: Record<string, unknown> = { DOMMatrix: standIn("DOMMatrix"), ImageData: standIn("ImageData"), Path2D: standIn("Path2D") };

const standInModule = new Module(canvasPath);
standInModule.filename = canvasPath;
standInModule.loaded = true;
standInModule.exports = new Proxy(classes, {
  get(target, key) {
    if (typeof key === "string" && key in target) return target[key];
    // Probes (`__esModule`, `then`, symbols) see nothing; anything the package would export throws when called.
    if (typeof key !== "string" || key === "__esModule" || key === "then") return undefined;
    return () => {
      throw new RenderingUnavailableError(`@napi-rs/canvas ${key}`);
    };
  },
});
// A thread that has the real package already keeps it.
pdfjsRequire.cache[canvasPath] ??= standInModule;
