import type { Flag } from "../../schemas/flag.js";
import type { ProjectRecord } from "../../schemas/project-record.js";
import type { ProjectUnit } from "../../schemas/project-unit.js";
import { compact } from "../domain/cell-text.js";
import { recordFlag } from "./record-flag.js";
import type { RuleGroup } from "./rule.js";

/**
 * Text as grounding compares it: NFKC (a model may write full-width forms back as ASCII), no whitespace and no thousands separators,
 * so PDF line wrapping never decides. Character variants are the normalize stage's business, not this one's.
 */
function comparable(text: string): string {
  // Thousands separators are printing, not text: `2,360,000.00` in the table grounds an amount read as 2360000.00.
  return compact(text.normalize("NFKC")).replace(/(?<=\d),(?=\d{3})/gu, "");
}

/**
 * All the source text of a unit as one comparable string: its rows, its title line, and the context rows
 * (a row list's header and department rows) that the extractor was shown with it.
 */
function sourceText(unit: ProjectUnit): string {
  const cells = [...unit.rows, ...unit.contextRows].flatMap((row) => row.cells.map((cell) => cell.text));
  return comparable([unit.heading ?? "", ...cells].join("\n"));
}

/** Every extracted name and raw value of a record, with its field path. */
function copiedValues(record: ProjectRecord): Array<readonly [path: string, value: string | null]> {
  return [
    ["project.name", record.project.name],
    ["project.code", record.project.code],
    ["money.total", record.money.total?.raw ?? null],
    ["money.fiscal", record.money.fiscal?.raw ?? null],
    ["money.other", record.money.other?.raw ?? null],
    ...record.indicators.flatMap((indicator, index) => {
      const path = `indicators.${index}`;
      return [
        [`${path}.level1`, indicator.level1],
        [`${path}.level2`, indicator.level2Raw],
        [`${path}.level3`, indicator.level3],
        // A target split over columns (指标值 | 指标性质 | 单位, in any order) is grounded part by part: the
        // joined text is ours, and the columns need not stand in comparator–number–unit order.
        ...(indicator.valueParts === null
          ? ([[`${path}.value`, indicator.value.raw]] as const)
          : ([
              [`${path}.value`, indicator.valueParts.value],
              [`${path}.value`, indicator.valueParts.comparator],
              [`${path}.value`, indicator.valueParts.unit],
            ] as const)),
        [`${path}.description`, indicator.description],
        [`${path}.basis`, indicator.basis],
      ] as const;
    }),
  ];
}

/**
 * Every name and value an extractor copied must occur in the source text of its own project unit. One that
 * does not was invented or misread — including a value the document's own text told an LLM to produce — so
 * it is an error. Whitespace and line breaks are ignored (a wrapped cell is still the same text); an empty
 * value is not a grounding failure (the value rules flag it). The unit is `units[record.unit.index]`; with no
 * unit to look in, nothing can be said.
 */
export const GROUNDING_RULES: RuleGroup<"ungrounded"> = {
  ungrounded: {
    scope: "record",
    check: (record, document): Flag[] => {
      const unit = document.units[record.unit.index];
      if (unit === undefined) return [];
      const source = sourceText(unit);
      return copiedValues(record).flatMap(([path, value]) => {
        const wanted = value === null ? "" : comparable(value);
        if (wanted === "" || source.includes(wanted)) return [];
        return [
          recordFlag(
            record,
            "ungrounded",
            "error",
            path,
            `"${value}" (${path}) does not occur in the source text of this project's table: it may be invented or misread.`,
          ),
        ];
      });
    },
  },
};
