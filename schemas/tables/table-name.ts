/** The four tables every tabular output holds: a CSV file, an xlsx sheet or a SQLite table each. */
export type TableName = "projects" | "indicators" | "flags" | "documents";

/** The order tables are written in (and xlsx sheets appear in): what an analyst opens first comes first. */
export const TABLE_NAMES: readonly TableName[] = ["projects", "indicators", "flags", "documents"] satisfies readonly TableName[];
