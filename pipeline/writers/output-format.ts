import { z } from "zod";

/**
 * Output formats a run can write. `jsonl` (records.jsonl, flagged.jsonl) is always written by
 * `writeRunOutputs`: it is the complete record the review queue and the eval read. The others are
 * flattened views for spreadsheets, SQLite and pandas, written by `OUTPUT_WRITERS`.
 */
export const OutputFormatSchema = z.enum(["jsonl", "csv", "xlsx", "sqlite"]);
export type OutputFormat = z.infer<typeof OutputFormatSchema>;

/** The formats written from the flattened tables; each has an entry in `OUTPUT_WRITERS`. */
export type TabularFormat = Exclude<OutputFormat, "jsonl">;
