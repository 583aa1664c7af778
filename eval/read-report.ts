import { readFile } from "node:fs/promises";
import { EvalInputError } from "./eval-errors.js";
import { EvalReportSchema, type EvalReport } from "./eval-report.js";

/** A whole `report.json`, for the HTML report; null when the file is a report of an older shape (the gate still reads its metrics). */
export async function readWholeReport(file: string): Promise<EvalReport | null> {
  try {
    const parsed = EvalReportSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A whole `report.json`, or an error that says what is wrong with it. */
export async function loadReport(file: string): Promise<EvalReport> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new EvalInputError(`Cannot read the report ${file}: give a report.json written by \`npm run eval\``, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new EvalInputError(`${file} is not JSON`, { cause });
  }
  const parsed = EvalReportSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
    throw new EvalInputError(`${file} is not an eval report.json of this version (${issues})`);
  }
  return parsed.data;
}
