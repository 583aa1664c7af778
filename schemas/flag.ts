import { z } from "zod";
import { EvidenceSchema } from "./evidence.js";

export const SeveritySchema = z.enum(["error", "warning", "info"]);
export type Severity = z.infer<typeof SeveritySchema>;

/** One issue found by a deterministic rule. A flag never removes data; it points an analyst at it. */
export const FlagSchema = z.object({
  code: z.string(),
  severity: SeveritySchema,
  /** Dotted path of the field concerned, e.g. `indicators.3.value` or `money.total`. */
  path: z.string(),
  message: z.string(),
  evidence: EvidenceSchema.nullable(),
});
export type Flag = z.infer<typeof FlagSchema>;

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
