import { z } from "zod";
import { BoxSchema } from "./layout.js";

/**
 * Where a value was read: the page, the exact normalized source text of the cell it was found in,
 * and that cell's box. Grounding finds the value's text in the unit's cells rather than trusting offsets,
 * which break on CJK text.
 */
export const EvidenceSchema = z.object({
  page: z.number().int().positive(),
  text: z.string(),
  box: BoxSchema.nullable(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;
