import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ZodIssue } from "zod";
import { GoldDocumentSchema, type GoldDocument } from "../schemas/gold.js";
import { packageRoot } from "../pipeline/io/package-root.js";

/** The hand-labeled gold files: `fixtures/gold/*.gold.json`. */
export const GOLD_DIR = path.join(packageRoot(import.meta.url), "fixtures/gold");

const GOLD_SUFFIX = ".gold.json";

/** A gold file that cannot be read, is not JSON, or does not match `GoldDocumentSchema`. */
export class GoldFileError extends Error {
  readonly code = "gold_file_invalid";
  readonly file: string;
  /** The zod issues when the JSON parsed but failed the schema; empty otherwise. */
  readonly issues: readonly ZodIssue[];

  constructor(message: string, options: { file: string; issues?: readonly ZodIssue[]; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.file = options.file;
    this.issues = options.issues ?? [];
  }
}

/** Read one gold file and validate it; throws a `GoldFileError` naming the file and every failing path. */
export function loadGold(file: string): GoldDocument {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new GoldFileError(`Cannot read gold file ${file}: ${describe(cause)}`, { file, cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new GoldFileError(`Gold file ${file} is not valid JSON: ${describe(cause)}`, { file, cause });
  }
  const result = GoldDocumentSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`);
    throw new GoldFileError(
      `Gold file ${file} does not match GoldDocumentSchema (${result.error.issues.length} issue(s)):\n${lines.join("\n")}`,
      { file, issues: result.error.issues, cause: result.error },
    );
  }
  return result.data;
}

/** Load every `*.gold.json` in `dir`, sorted by file name. */
export function loadAllGold(dir: string = GOLD_DIR): GoldDocument[] {
  const files = readdirSync(dir).filter((name) => name.endsWith(GOLD_SUFFIX)).sort();
  return files.map((name) => loadGold(path.join(dir, name)));
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
