import { z } from "zod";
import { RecordEditsSchema } from "./record-fields.js";

const NoteSchema = z.string().max(5_000, "is longer than 5000 characters");

/**
 * A decision as the page posts it. `correct` carries the full set of corrections relative to the pipeline's
 * record (not a delta on an earlier correction), so a stored decision alone says what the record is.
 */
export const DecisionRequestSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("accept"), note: NoteSchema.default("") }).strict(),
  z.object({ action: z.literal("correct"), note: NoteSchema.default(""), edits: RecordEditsSchema }).strict(),
  // A rejection without a reason tells the pipeline's authors nothing.
  z.object({ action: z.literal("reject"), note: NoteSchema.refine((note) => note.trim() !== "", "say why the record is rejected") }).strict(),
]);
export type DecisionRequest = z.infer<typeof DecisionRequestSchema>;

/** Live validation: the corrections typed so far. */
export const CheckRequestSchema = z.object({ edits: RecordEditsSchema }).strict();
export type CheckRequest = z.infer<typeof CheckRequestSchema>;

/** Promotion takes no parameters: what is promoted is the decision in force. */
export const PromoteRequestSchema = z.object({}).strict();

/** A verdict on one flag of a record: dismissed as a false positive, or confirmed. */
export const FlagVerdictRequestSchema = z
  .object({ code: z.string().min(1).max(100), path: z.string().min(1).max(200), verdict: z.enum(["confirmed", "false_positive"]), note: NoteSchema.default("") })
  .strict();
export type FlagVerdictRequest = z.infer<typeof FlagVerdictRequestSchema>;

/**
 * One decision applied to every record of the queue (as filtered) that carries a flag code: a verdict on
 * that flag (`false_positive`, `confirmed`), or a decision on the records (`accept`, `reject`, which leave
 * records already decided alone). Stored per record, with the reviewer and the time.
 */
export const BulkRequestSchema = z
  .object({
    code: z.string().min(1).max(100),
    action: z.enum(["false_positive", "confirmed", "accept", "reject"]),
    note: NoteSchema.default(""),
    filters: z
      .object({
        q: z.string().max(500).default(""),
        document: z.string().max(500).default(""),
        region: z.string().max(500).default(""),
        status: z.enum(["", "todo", "accept", "correct", "reject"]).default(""),
        all: z.boolean().default(false),
      })
      .strict()
      .default({ q: "", document: "", region: "", status: "", all: false }),
  })
  .strict()
  .refine((request) => request.action !== "reject" || request.note.trim() !== "", { message: "say why the records are rejected", path: ["note"] });
export type BulkRequest = z.infer<typeof BulkRequestSchema>;
