import type { OutputColumn } from "./output-table.js";
import type { IndicatorRow } from "./indicator-row.js";

/**
 * Columns of the `indicators` table, one row per indicator. The project's key columns are repeated so that
 * a spreadsheet filter or a pandas group-by needs no join. `position` is the `N` of the record's field
 * paths (`indicators.N.value` in evidence and flags), so a row can always be traced back.
 */
export const INDICATOR_COLUMNS: readonly OutputColumn<IndicatorRow>[] = [
  { name: "record_id", type: "text", value: (row) => row.record.id },
  { name: "position", type: "integer", value: (row) => row.position },
  { name: "region", type: "text", value: (row) => row.record.document.region },
  { name: "year", type: "integer", value: (row) => row.record.document.year },
  { name: "department", type: "text", value: (row) => row.record.project.department },
  { name: "project_name", type: "text", value: (row) => row.record.project.name },
  { name: "project_code", type: "text", value: (row) => row.record.project.code },
  { name: "level1", type: "text", value: (row) => row.indicator.level1 },
  { name: "level2", type: "text", value: (row) => row.indicator.level2 },
  { name: "level2_raw", type: "text", value: (row) => row.indicator.level2Raw },
  { name: "level2_annotation", type: "text", value: (row) => row.indicator.level2Annotation },
  { name: "required", type: "boolean", value: (row) => row.indicator.required },
  { name: "level3", type: "text", value: (row) => row.indicator.level3 },
  { name: "value_raw", type: "text", value: (row) => row.indicator.value.raw },
  { name: "value_kind", type: "text", value: (row) => row.indicator.value.kind },
  { name: "value_comparator", type: "text", value: (row) => row.indicator.value.comparator },
  { name: "value_number", type: "decimal", value: (row) => row.indicator.value.number },
  { name: "value_unit", type: "text", value: (row) => row.indicator.value.unit },
  { name: "value_rate", type: "text", value: (row) => row.indicator.value.rate },
  { name: "value_approximate", type: "boolean", value: (row) => row.indicator.value.approximate },
  { name: "value_text", type: "text", value: (row) => row.indicator.value.text },
  { name: "value_period_year", type: "integer", value: (row) => row.indicator.value.period?.year ?? null },
  { name: "value_period_quarter", type: "integer", value: (row) => row.indicator.value.period?.quarter ?? null },
  { name: "value_period_month", type: "integer", value: (row) => row.indicator.value.period?.month ?? null },
  { name: "value_period_bound", type: "text", value: (row) => row.indicator.value.period?.bound ?? null },
  { name: "description", type: "text", value: (row) => row.indicator.description },
  { name: "basis", type: "text", value: (row) => row.indicator.basis },
  { name: "evidence_page", type: "integer", value: (row) => evidencePage(row) },
  { name: "flag_codes", type: "text", value: (row) => flagCodes(row) },
];

/** The page the indicator's name was read on, else its value's page (an empty name has no evidence). */
function evidencePage(row: IndicatorRow): number | null {
  const evidence = row.record.evidence;
  return evidence[`indicators.${row.position}.level3`]?.page ?? evidence[`indicators.${row.position}.value`]?.page ?? null;
}

/** Codes of the flags raised on this indicator (`indicators.N` or any field under it). */
function flagCodes(row: IndicatorRow): string | null {
  const prefix = `indicators.${row.position}`;
  const codes = row.record.flags.filter((flag) => flag.path === prefix || flag.path.startsWith(`${prefix}.`)).map((flag) => flag.code);
  return [...new Set(codes)].join(" ") || null;
}
