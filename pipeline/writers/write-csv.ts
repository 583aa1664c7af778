import { createReadStream } from "node:fs";
import path from "node:path";
import { OutputWriteError } from "../errors.js";
import { AtomicFileWriter } from "./atomic-file-writer.js";
import type { DocumentSource } from "./document-source.js";
import { documentRows } from "./document-rows.js";
import { csvHeader, csvRecord } from "./format-csv.js";
import { outputTables, type OutputOptions, type OutputRow, type OutputTable } from "./output-table.js";
import { createRecordSelector } from "./select-records.js";
import { TABLE_NAMES, type TableName } from "../../schemas/tables/table-name.js";

/**
 * Writes `projects.csv`, `indicators.csv`, `flags.csv` and `documents.csv`: UTF-8 with a BOM so Excel and
 * WPS show Chinese, RFC 4180 quoting, formula-like document text made inert, headers in `options.headers`. The four files fill in one
 * pass over the documents, each in a temporary file that replaces the previous file once complete.
 */
export async function writeCsv(outDir: string, documents: DocumentSource, options: OutputOptions = {}): Promise<string[]> {
  const tables = outputTables(documents.manifestKeys, options.headers);
  const manifestKeys = documents.manifestKeys;
  const files = TABLE_NAMES.map((name) => path.join(outDir, `${name}.csv`));
  const opened: AtomicFileWriter[] = [];
  const open = async (file: string) => {
    const writer = await AtomicFileWriter.open(file);
    opened.push(writer);
    return writer;
  };
  try {
    const out = {} as Record<TableName, AtomicFileWriter>;
    for (const [index, name] of TABLE_NAMES.entries()) {
      out[name] = await open(files[index]!);
      await out[name].write(csvHeader(tables[name]));
    }
    // flags.csv lists every record flag before the first document flag: those wait in a file of their own.
    const documentFlags = await open(path.join(outDir, "flags.csv"));
    const select = createRecordSelector();
    for await (const document of documents.each()) {
      const records = select(document);
      await writeRows(out.projects, tables.projects, documentRows(document, records, "projects", manifestKeys));
      await writeRows(out.indicators, tables.indicators, documentRows(document, records, "indicators", manifestKeys));
      await writeRows(out.flags, tables.flags, documentRows(document, records, "recordFlags", manifestKeys));
      await writeRows(documentFlags, tables.flags, documentRows(document, records, "documentFlags", manifestKeys));
      await writeRows(out.documents, tables.documents, documentRows(document, records, "documents", manifestKeys));
    }
    await documentFlags.close();
    for await (const text of createReadStream(documentFlags.temporary, { encoding: "utf8" })) await out.flags.write(String(text));
    await documentFlags.discard();
    for (const name of TABLE_NAMES) await out[name].commit();
  } catch (error) {
    for (const writer of opened) await writer.discard();
    if (error instanceof OutputWriteError) throw error;
    throw new OutputWriteError(`Could not write the CSV files in ${outDir}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return files;
}

async function writeRows(writer: AtomicFileWriter, table: OutputTable, rows: readonly OutputRow[]): Promise<void> {
  for (const row of rows) await writer.write(csvRecord(table, row));
}
