import type { Flag } from "../../schemas/flag.js";
import type { IndicatorRecord, ProjectRecord } from "../../schemas/project-record.js";

/** Runs a per-indicator check over a record, with the indicator's position for its field path. */
export function eachIndicator(record: ProjectRecord, check: (indicator: IndicatorRecord, index: number) => Flag | null): Flag[] {
  return record.indicators.flatMap((indicator, index) => check(indicator, index) ?? []);
}
