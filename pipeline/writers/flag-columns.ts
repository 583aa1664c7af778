import type { FlagRow } from "./flag-row.js";
import type { OutputColumn } from "./output-table.js";

/** Columns of the `flags` table: the review queue, one row per flag, each with its record and project. */
export const FLAG_COLUMNS: readonly OutputColumn<FlagRow>[] = [
  { name: "record_id", type: "text", value: (row) => row.record?.id ?? null },
  { name: "document_path", type: "text", value: (row) => row.documentPath },
  { name: "project_name", type: "text", value: (row) => row.record?.project.name ?? null },
  { name: "position", type: "integer", value: (row) => row.position },
  { name: "code", type: "text", value: (row) => row.flag.code },
  { name: "severity", type: "text", value: (row) => row.flag.severity },
  { name: "path", type: "text", value: (row) => row.flag.path },
  { name: "message", type: "text", value: (row) => row.flag.message },
  { name: "evidence_page", type: "integer", value: (row) => row.flag.evidence?.page ?? null },
  { name: "evidence_text", type: "text", value: (row) => row.flag.evidence?.text ?? null },
];
