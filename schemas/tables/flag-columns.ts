import type { FlagRow } from "./flag-row.js";
import { confidenceText } from "./project-columns.js";
import type { TableColumn } from "./table-column.js";

/**
 * Columns of the `flags` table: the review queue, one row per flag, each with its record and project. A flag
 * on a whole document (such as project amounts that do not add up to the department total) is one row with
 * an empty `record_id`, listed after every record's flags, and counted once in `run.json`.
 */
export const FLAG_COLUMNS: readonly TableColumn<FlagRow>[] = [
  { name: "record_id", zh: "记录编号", type: "text", unit: null, description: "The flagged record's `projects.id`; empty for a flag on the whole document", value: (row) => row.record?.id ?? null },
  { name: "document_path", zh: "文件路径", type: "text", unit: null, description: "The document's `documents.path`", value: (row) => row.documentPath },
  { name: "project_name", zh: "项目名称", type: "text", unit: null, description: "As `projects.name`; empty for a document flag", value: (row) => row.record?.project.name ?? null },
  { name: "position", zh: "序号", type: "integer", unit: null, description: "Position of the flag in its record's (or document's) flag list, from 0, in review order", value: (row) => row.position },
  { name: "code", zh: "问题代码", type: "text", unit: null, description: "Stable flag code (see the Flags section)", value: (row) => row.flag.code },
  { name: "severity", zh: "严重程度", type: "text", unit: null, description: "`error`, `warning` or `info`", value: (row) => row.flag.severity },
  { name: "path", zh: "字段路径", type: "text", unit: null, description: "Dotted path of the field concerned (`money.total`, `indicators.3.value`)", value: (row) => row.flag.path },
  { name: "message", zh: "说明", type: "text", unit: null, description: "What is wrong, with the values involved", value: (row) => row.flag.message },
  { name: "evidence_page", zh: "证据页", type: "integer", unit: "页", description: "PDF page of the text the flag points at", value: (row) => row.flag.evidence?.page ?? null },
  { name: "evidence_text", zh: "证据原文", type: "text", unit: null, description: "That text, normalized", value: (row) => row.flag.evidence?.text ?? null },
  { name: "evidence_ocr_confidence", zh: "证据识别置信度", type: "number", unit: null, description: "On a scanned page, the OCR engine's confidence (0–1) in the value the flag points at; empty for a text layer", value: (row) => confidenceText(row.flag.evidence?.ocrConfidence) },
];
