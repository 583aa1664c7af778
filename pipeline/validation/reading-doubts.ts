import type { Flag } from "../../schemas/flag.js";
import type { DocumentFinding, RuleGroup } from "./rule.js";

/**
 * The reader's own doubts, as flags, so that a reading nobody checked is in the review queue with its reason:
 * a rules reading with uncertainties (a row it could not place, a confidence check that failed), and a document
 * whose tables have rows no unit took. A model's reading is checked by grounding instead.
 */
export const READING_DOUBT_RULES: RuleGroup<"layout_unsure" | "layout_rows_unread"> = {
  layout_unsure: {
    scope: "record",
    check: (record): Flag[] => {
      const { extractor, uncertainties, confidence } = record.extraction;
      if (extractor !== "rules" || uncertainties.length === 0) return [];
      const shown = uncertainties.slice(0, 3).join(" | ");
      const more = uncertainties.length > 3 ? ` (and ${uncertainties.length - 3} more)` : "";
      return [
        {
          code: "layout_unsure",
          severity: "warning",
          path: "extraction",
          message: `The table reader was unsure of this project${confidence === null ? "" : ` (confidence ${confidence})`}: ${shown}${more}. Check it against the page.`,
          evidence: record.evidence["project.name"] ?? null,
        },
      ];
    },
  },

  layout_rows_unread: {
    scope: "document",
    check: (document): DocumentFinding[] =>
      document.context.segmentationDoubts.map((doubt) => ({
        flag: { code: "layout_rows_unread", severity: "warning", path: "document", message: `${doubt}. Check the document for projects the records miss.`, evidence: null },
        records: document.records.map((_record, position) => position),
      })),
  },
};
