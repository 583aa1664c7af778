import { DOCUMENT_COLUMNS } from "./document-columns.js";
import { FLAG_COLUMNS } from "./flag-columns.js";
import { INDICATOR_COLUMNS } from "./indicator-columns.js";
import type { OutputColumn, OutputTable } from "./output-table.js";
import { PROJECT_COLUMNS } from "./project-columns.js";
import type { TableName } from "./table-name.js";

/** The four tables every tabular format writes, by name: their columns, without the functions that fill them. */
export const OUTPUT_TABLES: Readonly<Record<TableName, OutputTable>> = {
  projects: outputTable("projects", PROJECT_COLUMNS),
  indicators: outputTable("indicators", INDICATOR_COLUMNS),
  flags: outputTable("flags", FLAG_COLUMNS),
  documents: outputTable("documents", DOCUMENT_COLUMNS),
};

function outputTable(name: TableName, columns: readonly OutputColumn<never>[]): OutputTable {
  return { name, columns: columns.map((column) => ({ name: column.name, type: column.type })) };
}
