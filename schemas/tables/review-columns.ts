import type { ColumnDescription } from "./table-column.js";

/**
 * The columns `review export` adds to the records, indicators and flags tables: the decision in force on the
 * record, who made it, when and why. They travel as per-record manifest keys (so every writer writes them
 * without knowing about reviews) but keep their own names and descriptions, not the `manifest_` prefix.
 */
export const REVIEW_COLUMNS: Readonly<Record<string, ColumnDescription & { readonly type: "text" }>> = {
  review_decision: { name: "review_decision", zh: "审核结论", type: "text", unit: null, description: "Reviewed exports only: the analyst's decision in force — `accept`, `correct` or `reject` (rejected records are left out); empty when nobody decided" },
  reviewed_by: { name: "reviewed_by", zh: "审核人", type: "text", unit: null, description: "Reviewed exports only: who made the decision" },
  reviewed_at: { name: "reviewed_at", zh: "审核时间", type: "text", unit: null, description: "Reviewed exports only: when, ISO 8601 in UTC" },
  review_note: { name: "review_note", zh: "审核备注", type: "text", unit: null, description: "Reviewed exports only: the analyst's note" },
};
