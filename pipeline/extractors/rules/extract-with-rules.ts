import type { LayoutFamily } from "../../../schemas/project-record.js";
import type { DocumentContext, ProjectUnit } from "../../../schemas/project-unit.js";
import { extractFlattened } from "./flattened.js";
import { extractIndicatorTable } from "./indicator-table.js";
import { extractKeyedTable } from "./keyed-table.js";
import { extractRowList } from "./row-list.js";
import type { RulesResult } from "./rules-result.js";

export type { RulesResult } from "./rules-result.js";

const BY_FAMILY: Record<LayoutFamily, (unit: ProjectUnit, context: DocumentContext) => RulesResult> = {
  grid: extractKeyedTable,
  vertical: extractKeyedTable,
  "row-list": extractRowList,
  "indicator-table": extractIndicatorTable,
  flattened: extractFlattened,
};

/**
 * The offline, deterministic extractor: reads one project unit by its layout family, copying every value
 * exactly as the cells write it, and lists what it was unsure of instead of guessing.
 */
export function extractWithRules(unit: ProjectUnit, context: DocumentContext): RulesResult {
  return BY_FAMILY[unit.family](unit, context);
}
