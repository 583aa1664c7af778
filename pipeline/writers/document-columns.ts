import { z } from "zod";
import type { DocumentResult } from "../../schemas/run-summary.js";
import type { OutputColumn } from "./output-table.js";

/**
 * Columns of the `documents` table, one row per input file, failed ones included, so an analyst can see
 * what is missing and why. Durations and token counts stay in `run.json`: they change on every run.
 */
export const DOCUMENT_COLUMNS: readonly OutputColumn<DocumentResult>[] = [
  { name: "path", type: "text", value: (document) => document.path },
  { name: "sha256", type: "text", value: (document) => document.sha256 },
  { name: "status", type: "text", value: (document) => document.status },
  { name: "family", type: "text", value: (document) => document.family },
  { name: "page_count", type: "integer", value: (document) => document.pageCount },
  { name: "ocr_pages", type: "text", value: (document) => document.ocrPages.join(",") || null },
  { name: "projects", type: "integer", value: (document) => document.records.length },
  { name: "indicators", type: "integer", value: (document) => document.records.reduce((total, record) => total + record.indicators.length, 0) },
  { name: "document_flags", type: "integer", value: (document) => document.documentFlags.length },
  { name: "error_code", type: "text", value: (document) => errorField(firstError(document), "code") },
  { name: "error_stage", type: "text", value: (document) => errorField(firstError(document), "stage") },
  { name: "error_message", type: "text", value: (document) => errorField(firstError(document), "message") },
  { name: "unit_errors", type: "integer", value: (document) => document.unitErrors.length },
  { name: "rules_units", type: "integer", value: (document) => document.unitsByExtractor.rules },
  { name: "llm_units", type: "integer", value: (document) => document.unitsByExtractor.llm },
];

/** The document's own error, else the first failed unit's: either explains why it has no projects. */
function firstError(document: DocumentResult): unknown {
  return document.error ?? document.unitErrors[0] ?? null;
}

/** A string field of a serialized error; the schema types errors as `unknown`, so the shape is checked here. */
function errorField(error: unknown, field: "code" | "stage" | "message"): string | null {
  const parsed = z.record(z.string(), z.unknown()).safeParse(error);
  const value = parsed.success ? parsed.data[field] : undefined;
  return typeof value === "string" ? value : null;
}
