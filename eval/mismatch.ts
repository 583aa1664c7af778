import { z } from "zod";
import { BoxSchema } from "../schemas/layout.js";

export const MismatchKindSchema = z.enum([
  "project-fields",
  "indicator-fields",
  "missed-project",
  "invented-project",
  "missed-indicator",
  "invented-indicator",
  "missed-flag",
  "extra-flag",
]);
export type MismatchKind = z.infer<typeof MismatchKindSchema>;

/**
 * One disagreement between gold and the pipeline, as the report shows it side by side: gold | got | the
 * source text the record cites as evidence. `weight` orders the "worst" list: a missed project outweighs a
 * missed indicator, which outweighs one wrong field.
 */
export const MismatchSchema = z.object({
  kind: MismatchKindSchema,
  /** The gold project's name, or the record's when it matches no gold project. */
  project: z.string(),
  /** Which item and fields, e.g. `indicator 4 "使用人员满意度": level2, valueRaw`. */
  what: z.string(),
  gold: z.string(),
  got: z.string(),
  /** The cells the record cites, with their box on the page (points, top-left origin) where one was recorded. */
  source: z.array(z.object({ page: z.number().int(), text: z.string(), box: BoxSchema.nullable().optional() })),
  weight: z.number(),
});
export type Mismatch = z.infer<typeof MismatchSchema>;
