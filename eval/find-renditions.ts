import { access } from "node:fs/promises";
import path from "node:path";
import type { GoldDocument } from "../schemas/gold.js";
import { FixtureMissingError } from "./eval-errors.js";
import type { Rendition } from "./rendition.js";

/** One PDF the eval runs the pipeline on, and the gold file that scores it. */
export interface EvalInput {
  readonly gold: GoldDocument;
  /** The gold file's base name (`seed-000-grid`), used to name the document in the report. */
  readonly name: string;
  readonly rendition: Rendition;
  /** Absolute path of the PDF. */
  readonly input: string;
}

/**
 * The renditions of a gold document that exist: its text-layer fixture (which must exist: the gold file
 * names it) and, when a file of the same name is in the scanned folder, the scanned one. Scanned PDFs are picked
 * up as soon as they appear, so the report shows both side by side without configuration.
 */
export async function findRenditions(
  gold: GoldDocument,
  options: { readonly rootDir: string; readonly scannedDir: string | null; readonly renditions: readonly Rendition[] },
): Promise<EvalInput[]> {
  const textLayer = path.resolve(options.rootDir, gold.fixture);
  const name = path.basename(gold.fixture, path.extname(gold.fixture));
  if (!(await exists(textLayer))) {
    throw new FixtureMissingError(`The gold file for ${name} names the fixture ${gold.fixture}, which is not in ${options.rootDir}`);
  }
  const inputs: EvalInput[] = [];
  if (options.renditions.includes("text-layer")) inputs.push({ gold, name, rendition: "text-layer", input: textLayer });
  // Scans sit in a `pdf-scanned/` folder beside the fixture's `pdf/` folder (fixtures/pdf-scanned, fixtures/variants/pdf-scanned).
  const scannedDir = options.scannedDir ?? path.join(path.dirname(textLayer), "..", "pdf-scanned");
  const scanned = path.resolve(scannedDir, path.basename(gold.fixture));
  if (options.renditions.includes("scanned") && (await exists(scanned))) inputs.push({ gold, name, rendition: "scanned", input: scanned });
  return inputs;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
