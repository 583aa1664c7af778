import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomicSync } from "../pipeline/io/write-file-atomic.js";
import { INT8_MODEL_DIR, projectRoot } from "../pipeline/ocr/engines/paddle-models.js";
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
 * takes seconds instead of minutes. Keyed on the PDF's sha256, the page, the engine, the dpi and a hash of the
 * recognition code (every pipeline/ocr source but the post-recognition ones, and the int8 models' manifest): a
 * change to any of them misses.
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
        writeFileAtomicSync(file, JSON.stringify(page));
        return page;
      }
    },
    close: async () => {
      await pool?.close();
    },
  };
}

/**
 * The files of pipeline/ocr/ that run after a page is recognized, or not on the page at all: everything else
 * there (and in engines/) is hashed. Listing what is left out rather than what is in means a new recognition
 * step is covered without anyone remembering this list; forgetting to list a new post-recognition file only
 * costs one re-recording.
 */
const NOT_RECOGNITION = new Set(["repair-misreads.ts", "identity-confidence.ts", "ocr-reading.ts", "character-error-rate.ts", "assess-text-layer.ts", "ocr-pool.ts"]);

function recognitionCodeHash(): string {
  const project = projectRoot(path.dirname(fileURLToPath(import.meta.url)));
  const root = path.join(project, "pipeline", "ocr");
  const hash = createHash("sha256");
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return sources(full);
        return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") && !NOT_RECOGNITION.has(entry.name) ? [full] : [];
      });
  for (const file of sources(root)) hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  // The int8 models recognize too: their manifest holds their hashes.
  hash.update(readFileSync(path.join(project, INT8_MODEL_DIR, "manifest.json")));
  return hash.digest("hex").slice(0, 12);
}

