import { readFileSync } from "node:fs";
import { PriceTableSchema, type PriceTable } from "./price-table.js";

/**
 * The price table in `file`, or why it cannot be used (unreadable, not JSON, not shaped as a price table). The
 * caller decides whether that is fatal: for `--max-cost` it is, for the run summary's price it is a note.
 */
export function readPriceTable(file: string): { readonly table: PriceTable; readonly problem: null } | { readonly table: null; readonly problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return { table: null, problem: `cannot read the price table ${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = PriceTableSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
    return { table: null, problem: `the price table ${file} is not shaped as { "models": { "<model>": { "inputPerMillion": …, "outputPerMillion": … } } }: ${issues}` };
  }
  return { table: parsed.data, problem: null };
}
