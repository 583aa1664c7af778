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
