import type { IndicatorRecord, ProjectRecord } from "../project-record.js";

/** One indicator with the record it belongs to; `position` is its index in `record.indicators`. */
export interface IndicatorRow {
  readonly record: ProjectRecord;
  readonly indicator: IndicatorRecord;
  readonly position: number;
}
