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

/** What the run's billed tokens cost (response-cache hits excluded), from the price table. */
export const RunCostSchema = z.object({
  /** The price table's currency, null when no table could be read. */
  currency: z.string().nullable(),
  /** The table entry the model was priced at, null when it is not in the table. */
  priceModel: z.string().nullable(),
  /** `batch`: the Batch API's half price. */
  billing: z.enum(["sync", "batch"]),
  /** Tokens sent to the endpoint in this run (answers from the local response cache cost nothing). */
  billedUsage: TokenUsageSchema,
  /** Exact decimal string in `currency`, null without a price. */
  amount: z.string().nullable(),
  promptCache: z.object({
    /** Billed input tokens the provider served from its prompt cache (`usage.prompt_tokens_details.cached_tokens`). */
    cachedPromptTokens: z.number().int().nonnegative(),
    /** Their share of billed input tokens, 0–1; null when nothing was billed. */
    hitShare: z.number().min(0).max(1).nullable(),
    /** What they cost less than at the full input price, exact decimal string; null without a price. */
    saving: z.string().nullable(),
  }),
});
export type RunCost = z.infer<typeof RunCostSchema>;

/** `--max-cost`: the ceiling, what was spent, and the units it left with the rules' reading. */
export const CostCeilingSummarySchema = z.object({
  /** Exact decimal strings in the price table's currency. */
  limit: z.string(),
  spent: z.string(),
  reached: z.boolean(),
  requestsAdmitted: z.number().int(),
  requestsRefused: z.number().int(),
  /** 1-based, in sending order: the first request not sent. */
  firstRefusedRequest: z.number().int().nullable(),
  /** Every unit that needed the model and kept the rules' reading (records flagged `llm_not_sent_cost_ceiling`). */
  unitsLeftForRules: z.array(z.object({ document: z.string(), unit: z.number().int(), recordId: z.string(), project: z.string() })),
});
export type CostCeilingSummary = z.infer<typeof CostCeilingSummarySchema>;

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
  cost: RunCostSchema,
  /** Null without `--max-cost`. */
  costCeiling: CostCeilingSummarySchema.nullable(),
});
export type RunTotals = z.infer<typeof RunTotalsSchema>;

/** One Batch API job of the run directory (`--llm-mode batch`), including one a killed run submitted. */
export const BatchReportSchema = z.object({
  id: z.string(),
  /** The provider's status last seen, or `downloaded` once its replies are stored. */
  status: z.string(),
  requests: z.number().int(),
  /** Of `requests`, re-asks of replies that failed the schema: a follow-up batch has some. */
  reasks: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  submittedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** From submission to the provider's end of the job; null while it runs. */
  durationMs: z.number().nullable(),
  usage: TokenUsageSchema,
  /** At the batch price (half the synchronous one), exact decimal in the price table's currency; null without a price. */
  cost: z.string().nullable(),
});
export type BatchReport = z.infer<typeof BatchReportSchema>;

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
  /** `--llm-mode batch`: every batch job, in submission order; null in sync mode. */
  batches: z.array(BatchReportSchema).nullable(),
  documents: z.array(
    DocumentResultSchema.omit({ records: true }).extend({ projects: z.number().int(), indicators: z.number().int() }),
  ),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;
