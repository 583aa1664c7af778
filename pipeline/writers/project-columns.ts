import { SEVERITY_ORDER, type Severity } from "../../schemas/flag.js";
import type { ProjectRecord } from "../../schemas/project-record.js";
import { moneyColumns } from "./money-columns.js";
import type { OutputColumn } from "./output-table.js";

/**
 * Columns of the `projects` table, one row per record. Run-dependent fields (cache hits, token counts,
 * attempts) stay in `run.json` so that two runs over the same documents give the same table.
 */
export const PROJECT_COLUMNS: readonly OutputColumn<ProjectRecord>[] = [
  { name: "id", type: "text", value: (record) => record.id },
  { name: "document_path", type: "text", value: (record) => record.document.path },
  { name: "document_sha256", type: "text", value: (record) => record.document.sha256 },
  { name: "document_title", type: "text", value: (record) => record.document.title },
  { name: "region", type: "text", value: (record) => record.document.region },
  { name: "year", type: "integer", value: (record) => record.document.year },
  { name: "unit_index", type: "integer", value: (record) => record.unit.index },
  { name: "family", type: "text", value: (record) => record.unit.family },
  { name: "first_page", type: "integer", value: (record) => record.unit.pages[0] ?? null },
  { name: "pages", type: "text", value: (record) => record.unit.pages.join(",") },
  { name: "name", type: "text", value: (record) => record.project.name },
  { name: "code", type: "text", value: (record) => record.project.code },
  { name: "attribute", type: "text", value: (record) => record.project.attribute },
  { name: "period", type: "text", value: (record) => record.project.period },
  { name: "department", type: "text", value: (record) => record.project.department },
  { name: "implementing_unit", type: "text", value: (record) => record.project.implementingUnit },
  // The department the unit was published under can differ from 主管部门 (row-list tables name the 单位).
  { name: "published_under", type: "text", value: (record) => record.unit.department },
  { name: "department_total_fen", type: "integer", value: (record) => record.unit.departmentTotal?.fen ?? null },
  { name: "department_total_raw", type: "text", value: (record) => record.unit.departmentTotal?.raw ?? null },
  { name: "money_unit", type: "text", value: (record) => record.money.unit },
  ...moneyColumns("total", (record) => record.money.total),
  ...moneyColumns("fiscal", (record) => record.money.fiscal),
  ...moneyColumns("other", (record) => record.money.other),
  { name: "fund_use", type: "text", value: (record) => record.money.use },
  { name: "goals", type: "text", value: (record) => record.goals },
  { name: "spending_schedule", type: "text", value: (record) => scheduleText(record) },
  { name: "indicator_count", type: "integer", value: (record) => record.indicators.length },
  { name: "flag_count", type: "integer", value: (record) => record.flags.length },
  { name: "worst_severity", type: "text", value: (record) => worstSeverity(record.flags.map((flag) => flag.severity)) },
  { name: "flag_codes", type: "text", value: (record) => distinct(record.flags.map((flag) => flag.code)).join(" ") || null },
  { name: "extractor", type: "text", value: (record) => record.extraction.extractor },
  { name: "model", type: "text", value: (record) => record.extraction.model },
  { name: "prompt_version", type: "text", value: (record) => record.extraction.promptVersion },
  { name: "uncertainties", type: "text", value: (record) => record.extraction.uncertainties.join("; ") || null },
  { name: "name_page", type: "integer", value: (record) => record.evidence["project.name"]?.page ?? null },
];

/** `3月底 30%; 6月底 60%; …`: the cumulative plan on one line, an unreadable cell as written. */
function scheduleText(record: ProjectRecord): string | null {
  if (record.spendingSchedule === null) return null;
  return record.spendingSchedule
    .map((entry) => `${entry.checkpoint} ${entry.percent === null ? (entry.raw ?? "") : `${entry.percent}%`}`.trim())
    .join("; ");
}

function worstSeverity(severities: readonly Severity[]): Severity | null {
  return severities.reduce<Severity | null>((worst, severity) => (worst === null || SEVERITY_ORDER[severity] < SEVERITY_ORDER[worst] ? severity : worst), null);
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
