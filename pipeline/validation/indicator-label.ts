import type { IndicatorRecord } from "../../schemas/project-record.js";

/** How a message names an indicator: its 三级指标 quoted as written, with its 二级指标, e.g. `"资金成本" (成本指标)`. */
export function indicatorLabel(indicator: IndicatorRecord): string {
  const name = indicator.level3.trim() === "" ? "(unnamed indicator)" : `"${indicator.level3.trim()}"`;
  const category = indicator.level2 || indicator.level1;
  return category ? `${name} (${category})` : name;
}
