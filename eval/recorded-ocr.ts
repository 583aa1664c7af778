import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { OcrPool, type OcrPageRequest } from "../pipeline/ocr/ocr-pool.js";
import type { OcrEngineName } from "../pipeline/ocr/ocr-engine.js";
import type { RecognizedPage } from "../pipeline/ocr/recognize-page.js";

/** What the run needs of an OCR pool, plus closing the one this wrapper started. */
export interface RecordedOcr {
  readonly engine: OcrEngineName;
  recognizePage(request: OcrPageRequest, signal?: AbortSignal): Promise<RecognizedPage>;
  close(): Promise<void>;
}

export interface RecordedOcrOptions {
  readonly dir: string;
  readonly engine: OcrEngineName;
  readonly workers: number;
  readonly dpi: number;
  /** Injected by tests: the pool to recognize uncached pages with. */
  readonly createPool?: () => Pick<OcrPool, "recognizePage" | "close">;
}

/**
 * A dev-only record of recognized pages for the eval (`--ocr-cache DIR`): a page recognized once is served
 * from disk while the stages after OCR (normalize, repairs, layout, reader) are changed, so a scanned eval
 * takes seconds instead of half an hour. Keyed on the PDF's sha256, the page, the engine, the dpi and a hash
 * of the recognition code (the engine, rasterizing, deskew, borders): a change to any of them misses.
 * Never used by `ingest`.
 */
export function createRecordedOcr(options: RecordedOcrOptions): RecordedOcr {
  const version = `${options.engine}-${options.dpi}-${recognitionCodeHash()}`;
  const dir = path.join(options.dir, version);
  mkdirSync(dir, { recursive: true });
  let pool: Pick<OcrPool, "recognizePage" | "close"> | null = null;
  const started = () => (pool ??= options.createPool?.() ?? new OcrPool({ engine: options.engine, workers: options.workers, dpi: options.dpi }));
  return {
    engine: options.engine,
    async recognizePage(request, signal) {
      const file = path.join(dir, `${request.documentKey}-${request.pageNumber}.json`);
      try {
        return JSON.parse(readFileSync(file, "utf8")) as RecognizedPage;
      } catch {
        const page = await started().recognizePage(request, signal);
        const temporary = `${file}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify(page));
        renameSync(temporary, file);
        return page;
      }
    },
    close: async () => {
      await pool?.close();
    },
  };
}

/** The recognition path's sources: what a recorded page depends on (not the repairs, which run after it). */
const RECOGNITION_SOURCES = [
  "engines",
  "recognize-page.ts",
  "rasterize-page.ts",
  "deskew.ts",
  "detect-rulings.ts",
  "strip-border-glyphs.ts",
  "gray-image.ts",
  "resize-gray.ts",
  "embedded-scan.ts",
  "ink-region.ts",
  "unread-cells.ts",
  "trim-border-overhang.ts",
  "estimate-text-height.ts",
  "ocr-engine.ts",
  "ocr-worker.ts",
];

function recognitionCodeHash(): string {
  const root = path.join(projectRoot(path.dirname(fileURLToPath(import.meta.url))), "pipeline", "ocr");
  const hash = createHash("sha256");
  const add = (file: string) => hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  for (const entry of RECOGNITION_SOURCES) {
    const full = path.join(root, entry);
    if (entry.endsWith(".ts")) add(full);
    else for (const name of readdirSync(full).sort()) if (!name.endsWith(".test.ts")) add(path.join(full, name));
  }
  return hash.digest("hex").slice(0, 12);
}

/** The folder holding package.json above `dir`: the sources are hashed whether this runs from them or from build/. */
function projectRoot(dir: string): string {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, "package.json"))) return current;
    if (path.dirname(current) === current) throw new Error(`no package.json above ${dir}`);
  }
}
