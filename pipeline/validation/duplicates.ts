import type { Flag } from "../../schemas/flag.js";
import type { IndicatorRecord } from "../../schemas/project-record.js";
import { compact } from "../domain/cell-text.js";
import { indicatorLabel } from "./indicator-label.js";
import { recordFlag } from "./record-flag.js";
import type { DocumentFinding, RuleGroup } from "./rule.js";

/** Two indicators are the same when category, name and target agree, ignoring how the text wrapped. */
function indicatorKey(indicator: IndicatorRecord): string {
  return [indicator.level2, indicator.level3, indicator.value.raw].map(compact).join("\u0000");
}

function pagesLabel(pages: readonly number[]): string {
  if (pages.length === 0) return "page unknown";
  return pages.length === 1 ? `page ${pages[0]}` : `pages ${pages[0]}-${pages.at(-1)}`;
}

/**
 * Repeats. The same indicator twice in one project is a warning: likely a copy-paste slip in the document
 * (seed 002's first project lists `合格率 100%` twice under 质量指标), possibly a misread row.
 * Two projects of one name in a document are only info: seed 003 has two 政府大型公务活动项目经费 tables,
 * one for 电费 and one for 办公设备, and both are legitimate; a reviewer just needs to know.
 */
export const DUPLICATE_RULES: RuleGroup<"duplicate_indicator" | "duplicate_project_name"> = {
  duplicate_indicator: {
    scope: "record",
    check: (record): Flag[] => {
      const first = new Map<string, number>();
      return record.indicators.flatMap((indicator, index) => {
        const key = indicatorKey(indicator);
        const earlier = first.get(key);
        if (earlier === undefined) {
          first.set(key, index);
          return [];
        }
        return [
          recordFlag(
            record,
            "duplicate_indicator",
            "warning",
            `indicators.${index}`,
            `Indicator ${index + 1}, ${indicatorLabel(indicator)} = "${indicator.value.raw}", repeats indicator ${earlier + 1} of this project.`,
            `indicators.${index}.level3`,
          ),
        ];
      });
    },
  },

  duplicate_project_name: {
    scope: "document",
    check: (document): DocumentFinding[] => {
      const byName = new Map<string, number[]>();
      document.records.forEach((record, position) => {
        const name = compact(record.project.name);
        if (name !== "") byName.set(name, [...(byName.get(name) ?? []), position]);
      });
      return [...byName.values()]
        .filter((positions) => positions.length > 1)
        .map((positions) => {
          const records = positions.map((position) => document.records[position]!);
          const tables = records.map((record) => {
            const amount = record.money.total ? `, ${record.money.total.raw}${record.money.unit ? ` ${record.money.unit}` : ""}` : "";
            return `table ${record.unit.index + 1} (${pagesLabel(record.unit.pages)}${amount})`;
          });
          const first = records[0]!;
          return {
            flag: {
              code: "duplicate_project_name",
              severity: "info",
              path: "project.name",
              message: `"${first.project.name}" names ${records.length} project tables in this document: ${tables.join(", ")}. Check that they are different projects.`,
              evidence: first.evidence["project.name"] ?? null,
            },
            records: positions,
          };
        });
    },
  },
};
