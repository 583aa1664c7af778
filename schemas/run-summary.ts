import { z } from "zod";
import { FlagSchema } from "./flag.js";
import { PdfInfoSchema } from "./layout.js";
import { ProjectRecordSchema, TokenUsageSchema, LayoutFamilySchema } from "./project-record.js";

export const SerializedErrorSchema: z.ZodType<unknown> = z.lazy(() =>
  z.object({
    name: z.string(),
    code: z.string(),
    stage: z.string().nullable(),
    message: z.string(),
    document: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).optional(),
    cause: z.unknown().optional(),
  }),
);

/** One document's outcome: its records (all of them, or none when it failed) and what it cost. */
export const DocumentResultSchema = z.object({
  path: z.string(),
  sha256: z.string().nullable(),
  status: z.enum(["done", "failed"]),
  family: LayoutFamilySchema.nullable(),
  pageCount: z.number().int().nonnegative(),
  ocrPages: z.array(z.number().int().positive()),
  records: z.array(ProjectRecordSchema),
  documentFlags: z.array(FlagSchema),
  error: SerializedErrorSchema.nullable(),
  /** Units that failed; when any did, the document failed and none of its records were written. */
  unitErrors: z.array(SerializedErrorSchema),
  unitsByExtractor: z.object({ rules: z.number().int(), llm: z.number().int() }),
  /** Units `auto` sent to the LLM. */
  routedToLlm: z.number().int(),
  usage: TokenUsageSchema,
  failedAttemptUsage: TokenUsageSchema,
  durationMs: z.number(),
  /** Another input with the same bytes, whose result this is; its projects are written only once. */
  duplicateOf: z.string().optional(),
  /** The PDF's own document information (title, author, creator, dates), when the file could be opened. */
  pdfInfo: PdfInfoSchema.nullable().optional(),
  /** Columns of the manifest row that named the document, when it came from a manifest (as on its records). */
  metadata: z.record(z.string(), z.string()).optional(),
});
export type DocumentResult = z.infer<typeof DocumentResultSchema>;

export const RunTotalsSchema = z.object({
  documents: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  /** Documents an earlier run of this run directory had finished: taken from its state, not redone. */
  reused: z.number().int(),
  projects: z.number().int(),
  indicators: z.number().int(),
  flaggedRecords: z.number().int(),
  flagsByCode: z.record(z.string(), z.number().int()),
  flagsBySeverity: z.record(z.string(), z.number().int()),
  unitsByExtractor: z.object({ rules: z.number().int(), llm: z.number().int() }),
  routedToLlm: z.number().int(),
  /** LLM calls `auto` did not make because the rules result was kept. */
  llmCallsSaved: z.number().int(),
  llmRequests: z.number().int(),
  llmCacheHits: z.number().int(),
  llmRetries: z.number().int(),
  llmPeakInFlight: z.number().int(),
  /** Model requests not sent because the endpoint was down (the circuit breaker was open); absent in older runs. */
  llmNotSent: z.number().int().optional(),
  usage: TokenUsageSchema,
  failedAttemptUsage: TokenUsageSchema,
});
export type RunTotals = z.infer<typeof RunTotalsSchema>;

export const RunSummarySchema = z.object({
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  config: z.object({
    extractor: z.string(),
    extractorReason: z.string(),
    model: z.string().nullable(),
    endpoint: z.string().nullable(),
    promptVersion: z.string().nullable(),
    cache: z.boolean(),
  }),
  totals: RunTotalsSchema,
  documents: z.array(
    DocumentResultSchema.omit({ records: true }).extend({ projects: z.number().int(), indicators: z.number().int() }),
  ),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;
