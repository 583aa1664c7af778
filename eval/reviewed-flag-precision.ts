import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ReviewedFlagSchema, type ReviewedFlag } from "../schemas/reviewed-flag.js";
import { EvalInputError } from "./eval-errors.js";

/** Analysts' verdicts on one flag code, and the precision they measure: confirmed / (confirmed + false positives). */
export const ReviewedFlagPrecisionSchema = z.object({
  code: z.string(),
  confirmed: z.number().int().nonnegative(),
  falsePositives: z.number().int().nonnegative(),
  /** Null when no flag of the code was judged. */
  precision: z.number().nullable(),
  /** Verdicts made on a record a later run changed: counted, but worth a second look. */
  stale: z.number().int().nonnegative(),
});
export type ReviewedFlagPrecision = z.infer<typeof ReviewedFlagPrecisionSchema>;

export const ReviewedFlagsSummarySchema = z.object({
  file: z.string(),
  verdicts: z.number().int().nonnegative(),
  overall: ReviewedFlagPrecisionSchema,
  byCode: z.array(ReviewedFlagPrecisionSchema),
});
export type ReviewedFlagsSummary = z.infer<typeof ReviewedFlagsSummarySchema>;

/**
 * Flag precision as the analysts measured it on real documents (`review export` → `review-flags.jsonl`):
 * beside the gold's flag precision, which only a few seed documents give, the share of each rule's flags a
 * person confirmed. A flag dismissed as a false positive is a rule that fires where nothing is wrong.
 */
export function reviewedFlagPrecision(file: string, verdicts: readonly ReviewedFlag[]): ReviewedFlagsSummary {
  const tally = (code: string, rows: readonly ReviewedFlag[]): ReviewedFlagPrecision => {
    const confirmed = rows.filter((row) => row.verdict === "confirmed").length;
    const falsePositives = rows.length - confirmed;
    return { code, confirmed, falsePositives, precision: rows.length === 0 ? null : confirmed / rows.length, stale: rows.filter((row) => row.stale).length };
  };
  const codes = [...new Set(verdicts.map((row) => row.code))].sort();
  return {
    file,
    verdicts: verdicts.length,
    overall: tally("(all)", verdicts),
    byCode: codes.map((code) => tally(code, verdicts.filter((row) => row.code === code))),
  };
}

/** Reads `review-flags.jsonl`; a line that is not a verdict names its line number. */
export async function loadReviewedFlags(file: string): Promise<ReviewedFlagsSummary> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new EvalInputError(`Cannot read the review's flag verdicts ${file}: write them with \`npm run review -- export RUN_DIR\``, { cause });
  }
  const verdicts = text
    .split("\n")
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== "")
    .map(({ line, number }) => {
      let parsed: ReturnType<typeof ReviewedFlagSchema.safeParse>;
      try {
        parsed = ReviewedFlagSchema.safeParse(JSON.parse(line));
      } catch (cause) {
        throw new EvalInputError(`${file}:${number} is not JSON`, { cause });
      }
      if (!parsed.success) throw new EvalInputError(`${file}:${number} is not a flag verdict: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
      return parsed.data;
    });
  return reviewedFlagPrecision(file, verdicts);
}
