import type { Flag } from "../../schemas/flag.js";
import type { DocumentFinding, RuleGroup } from "./rule.js";

/**
 * The reader's own doubts, as flags, so that a reading nobody checked is in the review queue with its reason:
 * a rules reading with uncertainties (a row it could not place, a confidence check that failed), and a document
 * whose tables have rows no unit took, and a record read from a scanned page whose table grid disagrees with its
 * sibling pages' (whoever read it: a model reads the same merged cells). A model's reading is otherwise checked
 * by grounding.
 */
export const READING_DOUBT_RULES: RuleGroup<"layout_unsure" | "layout_rows_unread" | "layout_grid_mismatch"> = {
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

  layout_grid_mismatch: {
    scope: "record",
    check: (record, document): Flag[] => {
      const doubts = (document.context.pageDoubts ?? []).filter((doubt) => record.unit.pages.includes(doubt.page));
      if (doubts.length === 0) return [];
      return [
        {
          code: "layout_grid_mismatch",
          severity: "warning",
          path: "unit.pages",
          message: `Read from a scanned page whose table grid disagrees with its sibling pages': ${doubts.map((doubt) => doubt.reason).join("; ")}. Check the project against the page.`,
          evidence: null,
        },
      ];
    },
  },
};
