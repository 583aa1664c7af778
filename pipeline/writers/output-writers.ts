import type { OutputWriter } from "./output-writer.js";
import type { TabularFormat } from "./output-format.js";
import { writeCsv } from "./write-csv.js";
import { writeSqlite } from "./write-sqlite.js";
import { writeXlsx } from "./write-xlsx.js";

/**
 * One writer per tabular format; keyed by the union so a new format without a writer does not compile.
 * `jsonl` has no entry: `writeRunOutputs` writes it on every run, and a second writer would write it twice.
 */
export const OUTPUT_WRITERS: Readonly<Record<TabularFormat, OutputWriter>> = {
  csv: writeCsv,
  xlsx: writeXlsx,
  sqlite: writeSqlite,
};
