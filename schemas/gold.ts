import { z } from "zod";
import { ExtractedIndicatorSchema, ExtractedProjectSchema } from "./extracted-project.js";
import { FlagCodeSchema } from "./flag-codes.js";
import { ParsedValueSchema } from "./parsed-value.js";
import { LayoutFamilySchema } from "./project-record.js";
import { SeveritySchema } from "./flag.js";

/**
 * Hand-labeled truth for one fixture document. Text fields hold the document's text after the pipeline's
 * normalization (NFKC, LaTeX → symbols, whitespace collapsed), because that is what any extractor sees;
 * the scorer also compares with whitespace removed.
 */
export const GoldIndicatorSchema = ExtractedIndicatorSchema.extend({
  // Columns most templates lack: a gold file may leave them out.
  valueComparator: ExtractedIndicatorSchema.shape.valueComparator.default(null),
  valueUnit: ExtractedIndicatorSchema.shape.valueUnit.default(null),
  weight: ExtractedIndicatorSchema.shape.weight.default(null),
  direction: ExtractedIndicatorSchema.shape.direction.default(null),
  nature: ExtractedIndicatorSchema.shape.nature.default(null),
  otherColumns: ExtractedIndicatorSchema.shape.otherColumns.default([]),
  /** Page the indicator's row (its level-3 name) is on. */
  page: z.number().int().positive(),
  parsed: ParsedValueSchema,
});
export type GoldIndicator = z.infer<typeof GoldIndicatorSchema>;

export const GoldFlagSchema = z.object({
  code: FlagCodeSchema,
  severity: SeveritySchema,
  /** Field path in the record, e.g. `indicators.4.value`, `money.total`, `spendingSchedule`. */
  path: z.string(),
  why: z.string(),
});
export type GoldFlag = z.infer<typeof GoldFlagSchema>;

export const GoldProjectSchema = ExtractedProjectSchema.extend({
  kind: ExtractedProjectSchema.shape.kind.default("project"),
  carryoverAmount: ExtractedProjectSchema.shape.carryoverAmount.default(null),
  projectExpenditure: ExtractedProjectSchema.shape.projectExpenditure.default(null),
  basicExpenditure: ExtractedProjectSchema.shape.basicExpenditure.default(null),
  longTermGoals: ExtractedProjectSchema.shape.longTermGoals.default(null),
  otherFields: ExtractedProjectSchema.shape.otherFields.default([]),
  /** Pages the project's table or row spans. */
  pages: z.array(z.number().int().positive()).min(1),
  indicators: z.array(GoldIndicatorSchema),
  flags: z.array(GoldFlagSchema),
  /** How an ambiguous cell was read and why. */
  notes: z.array(z.string()),
});
export type GoldProject = z.infer<typeof GoldProjectSchema>;

export const GoldDocumentSchema = z.object({
  /** Fixture PDF path relative to the repository root. */
  fixture: z.string(),
  /** Seed text the fixture was made from, relative to the repository root. */
  seed: z.string(),
  family: LayoutFamilySchema,
  title: z.string().nullable(),
  region: z.string().nullable(),
  year: z.number().int().nullable(),
  department: z.string().nullable(),
  /** The department total as written, where the document states one (seed 002: 291.88). */
  departmentTotal: z.string().nullable(),
  /** Document-level flags (e.g. duplicate project names, department total mismatch). */
  flags: z.array(GoldFlagSchema),
  notes: z.array(z.string()),
  projects: z.array(GoldProjectSchema).min(1),
});
export type GoldDocument = z.infer<typeof GoldDocumentSchema>;
