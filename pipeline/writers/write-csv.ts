import path from "node:path";
import type { ProjectRecord } from "../../schemas/project-record.js";
import type { DocumentResult } from "../../schemas/run-summary.js";
import { OutputWriteError } from "../errors.js";
import { writeFileAtomic } from "../io/write-file-atomic.js";
import { buildOutputTables } from "./build-output-tables.js";
import { formatCsv } from "./format-csv.js";
import { TABLE_NAMES } from "./table-name.js";

/**
 * Writes `projects.csv`, `indicators.csv`, `flags.csv` and `documents.csv`: UTF-8 with a BOM so Excel and
 * WPS show Chinese, RFC 4180 quoting, formula-like document text made inert. Each file is replaced atomically.
 */
export async function writeCsv(outDir: string, records: readonly ProjectRecord[], documents: readonly DocumentResult[]): Promise<string[]> {
  const tables = buildOutputTables(records, documents);
  const files: string[] = [];
  for (const name of TABLE_NAMES) {
    const file = path.join(outDir, `${name}.csv`);
    try {
      await writeFileAtomic(file, formatCsv(tables[name]));
    } catch (error) {
      throw new OutputWriteError(`Could not write ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    files.push(file);
  }
  return files;
}
