import { z } from "zod";
import type { PdfInfo } from "../layout.js";
import type { DocumentResult } from "../run-summary.js";
import type { TableColumn } from "./table-column.js";

/**
 * Columns of the `documents` table, one row per input file, failed ones included, so an analyst can see
 * what is missing and why. Durations and token counts stay in `run.json`: they change on every run.
 */
export const DOCUMENT_COLUMNS: readonly TableColumn<DocumentResult>[] = [
  { name: "path", zh: "文件路径", type: "text", unit: null, description: "The PDF's path as given to the run", value: (document) => document.path },
  { name: "sha256", zh: "SHA256", type: "text", unit: null, description: "SHA-256 of the file's bytes; empty when it could not be read", value: (document) => document.sha256 },
  { name: "status", zh: "状态", type: "text", unit: null, description: "`done`, or `failed` (then none of its projects is in the other tables, and `error_*` says why)", value: (document) => document.status },
  { name: "family", zh: "版式", type: "text", unit: null, description: "Layout family of the document's tables", value: (document) => document.family },
  { name: "page_count", zh: "页数", type: "integer", unit: "页", description: "Pages in the PDF", value: (document) => document.pageCount },
  { name: "ocr_pages", zh: "OCR页", type: "text", unit: "页", description: "Pages read by OCR (no usable text layer), comma-separated; empty when none", value: (document) => document.ocrPages.join(",") || null },
  { name: "projects", zh: "项目数", type: "integer", unit: "个", description: "Projects read from the document", value: (document) => document.records.length },
  { name: "indicators", zh: "指标数", type: "integer", unit: "个", description: "Indicators over those projects", value: (document) => document.records.reduce((total, record) => total + record.indicators.length, 0) },
  { name: "document_flags", zh: "文件级问题数", type: "integer", unit: "个", description: "Flags on the whole document (rows of `flags` with this path and no `record_id`)", value: (document) => document.documentFlags.length },
  ...pdfInfoColumns(),
  { name: "error_code", zh: "错误代码", type: "text", unit: null, description: "A failed document's typed error code (`pdf_unreadable`, `pdf_too_large` …)", value: (document) => errorField(firstError(document), "code") },
  { name: "error_stage", zh: "错误阶段", type: "text", unit: null, description: "The stage it failed in (`read`, `ocr`, `extract` …)", value: (document) => errorField(firstError(document), "stage") },
  { name: "error_message", zh: "错误信息", type: "text", unit: null, description: "What failed and what to do", value: (document) => errorField(firstError(document), "message") },
  { name: "unit_errors", zh: "失败单元数", type: "integer", unit: "个", description: "Project units that could not be extracted (any makes the document fail)", value: (document) => document.unitErrors.length },
  { name: "rules_units", zh: "规则抽取数", type: "integer", unit: "个", description: "Units read by the rules extractor", value: (document) => document.unitsByExtractor.rules },
  { name: "llm_units", zh: "模型抽取数", type: "integer", unit: "个", description: "Units read by the model", value: (document) => document.unitsByExtractor.llm },
];

/**
 * The PDF's own Info dictionary, as the file states it (often the producing tool's defaults): a hint for
 * cataloguing, never a source of record values. Read by pdf.js from the already-open file in the read stage.
 */
function pdfInfoColumns(): TableColumn<DocumentResult>[] {
  const fields: ReadonlyArray<readonly [keyof PdfInfo, string, string]> = [
    ["title", "PDF标题", "The PDF's Title"],
    ["author", "PDF作者", "The PDF's Author"],
    ["subject", "PDF主题", "The PDF's Subject"],
    ["creator", "PDF创建工具", "The PDF's Creator: the program the document was written in (e.g. Microsoft Word)"],
    ["producer", "PDF生成器", "The PDF's Producer: the program that made the PDF (a printer driver, a scanner)"],
    ["created", "PDF创建时间", "The PDF's CreationDate, ISO 8601 in UTC (as written when it does not parse)"],
    ["modified", "PDF修改时间", "The PDF's ModDate, ISO 8601 in UTC (as written when it does not parse)"],
    ["pdfVersion", "PDF版本", "PDF format version (1.4, 1.7 …)"],
  ];
  return fields.map(([field, zh, meaning]) => ({
    name: `pdf_${field === "pdfVersion" ? "version" : field}`,
    zh,
    type: "text",
    unit: null,
    description: `${meaning}; empty when the file does not say (or could not be opened)`,
    value: (document) => document.pdfInfo?.[field] ?? null,
  }));
}

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
