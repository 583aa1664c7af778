import type { DocumentSource } from "./document-source.js";
import { documentRows, TABLE_ROW_SETS } from "./document-rows.js";
import type { OutputRow } from "./output-table.js";
import { createRecordSelector } from "./select-records.js";
import type { TableName } from "../../schemas/tables/table-name.js";

/**
 * One table's rows in their final order, computed a document at a time: one pass over `documents` per row
 * set (two for flags). For a writer that must finish one table before it starts the next.
 */
export async function* tableRows(documents: DocumentSource, table: TableName): AsyncGenerator<OutputRow> {
  for (const set of TABLE_ROW_SETS[table]) {
    const select = createRecordSelector();
    for await (const document of documents.each()) yield* documentRows(document, select(document), set, documents.manifestKeys);
  }
}
