import { readFile } from "node:fs/promises";
import { PriceTableError } from "./eval-errors.js";
import { PriceTableSchema, type PriceTable } from "./price-table.js";

/** Reads and checks a price table file; throws a `PriceTableError` naming the file and what is wrong. */
export async function loadPriceTable(file: string): Promise<PriceTable> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new PriceTableError(`Cannot read the price table ${file}: pass --prices FILE or create it (see eval/prices.json)`, { file, cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new PriceTableError(`The price table ${file} is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`, { file, cause });
  }
  const parsed = PriceTableSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
    throw new PriceTableError(
      `The price table ${file} is not shaped as { "models": { "<model>": { "inputPerMillion": USD, "outputPerMillion": USD } } }: ${issues}`,
      { file, cause: parsed.error },
    );
  }
  return parsed.data;
}
