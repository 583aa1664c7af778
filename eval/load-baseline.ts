import { readFile } from "node:fs/promises";
import { BaselineReadError } from "./eval-errors.js";
import { BaselineReportSchema, type BaselineReport } from "./eval-report.js";

/** Reads an earlier `report.json` for `--baseline`; throws a `BaselineReadError` naming the file and the problem. */
export async function loadBaseline(file: string): Promise<BaselineReport> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new BaselineReadError(`Cannot read the baseline ${file}: pass the report.json of an earlier eval run`, { file, cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new BaselineReadError(`The baseline ${file} is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`, { file, cause });
  }
  const parsed = BaselineReportSchema.safeParse(json);
  if (!parsed.success) {
    throw new BaselineReadError(
      `The baseline ${file} is not an eval report.json (${parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ")})`,
      { file, cause: parsed.error },
    );
  }
  return parsed.data;
}
