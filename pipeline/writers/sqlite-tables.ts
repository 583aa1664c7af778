import type { SqliteTableSpec } from "./sqlite-table-spec.js";
import type { TableName } from "../../schemas/tables/table-name.js";

/**
 * Keys and indexes of each SQLite table. `documents` is keyed by path, not hash: a failed document may have
 * no hash, and two copies of one PDF share a hash. An index that a primary key already starts with is left
 * out (`indicators (record_id, position)` serves lookups by `record_id`).
 */
export const SQLITE_TABLES: Readonly<Record<TableName, SqliteTableSpec>> = {
  projects: {
    primaryKey: ["id"],
    notNull: ["document_path", "document_sha256", "name"],
    foreignKeys: [{ columns: ["document_path"], references: "documents", referencedColumns: ["path"] }],
    indexes: [
      { name: "projects_document_path", columns: ["document_path"] },
      { name: "projects_document_sha256", columns: ["document_sha256"] },
      { name: "projects_region_year", columns: ["region", "year"] },
      { name: "projects_department", columns: ["department"] },
      { name: "projects_name", columns: ["name"] },
      { name: "projects_code", columns: ["code"] },
    ],
  },
  indicators: {
    primaryKey: ["record_id", "position"],
    notNull: ["level1", "level2", "level3", "value_raw", "value_kind"],
    foreignKeys: [{ columns: ["record_id"], references: "projects", referencedColumns: ["id"] }],
    indexes: [
      { name: "indicators_level1_level2", columns: ["level1", "level2"] },
      { name: "indicators_level2", columns: ["level2"] },
      { name: "indicators_region_year", columns: ["region", "year"] },
    ],
  },
  flags: {
    primaryKey: null,
    notNull: ["document_path", "code", "severity", "path", "message"],
    foreignKeys: [
      { columns: ["record_id"], references: "projects", referencedColumns: ["id"] },
      { columns: ["document_path"], references: "documents", referencedColumns: ["path"] },
    ],
    indexes: [
      { name: "flags_record_id", columns: ["record_id"] },
      { name: "flags_document_path", columns: ["document_path"] },
      { name: "flags_code", columns: ["code"] },
      { name: "flags_severity_code", columns: ["severity", "code"] },
    ],
  },
  documents: {
    primaryKey: ["path"],
    notNull: ["status"],
    foreignKeys: [],
    indexes: [
      { name: "documents_sha256", columns: ["sha256"] },
      { name: "documents_status", columns: ["status"] },
    ],
  },
};
