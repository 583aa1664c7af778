import { z } from "zod";
import { SeveritySchema } from "./flag.js";

/** The file `review export` writes the flag verdicts to, and `eval --review-flags` reads. */
export const REVIEW_FLAGS_FILE = "review-flags.jsonl";

/**
 * One line of `review-flags.jsonl`: an analyst's verdict on one flag the pipeline raised. A `false_positive`
 * says the rule fired where nothing is wrong; `confirmed` that it found a real problem. Together they are a
 * measured precision of each rule on real documents, which gold (a few seeds) cannot give.
 */
export const ReviewedFlagSchema = z.object({
  id: z.string(),
  document: z.string(),
  documentSha256: z.string(),
  project: z.string(),
  code: z.string(),
  path: z.string(),
  severity: SeveritySchema,
  message: z.string(),
  verdict: z.enum(["confirmed", "false_positive"]),
  note: z.string(),
  reviewer: z.string(),
  decidedAt: z.string(),
  /** Decided together with the same code's flags on other records. */
  bulk: z.boolean(),
  /** The record changed in a later pipeline run: the verdict may no longer hold. */
  stale: z.boolean(),
});
export type ReviewedFlag = z.infer<typeof ReviewedFlagSchema>;
