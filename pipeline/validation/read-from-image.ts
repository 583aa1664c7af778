import type { Flag } from "../../schemas/flag.js";
import { comparable, sourceText } from "./grounding.js";
import type { RuleGroup } from "./rule.js";

/**
 * A value a vision model read from the page image where the OCR text lacks it: not invented (it names the
 * page and the box it saw it in) but checked by no text either, so a reviewer looks at that box. A reading the
 * OCR text does contain needs no look.
 */
export const READ_FROM_IMAGE_RULES: RuleGroup<"read_from_image"> = {
  read_from_image: {
    scope: "record",
    check: (record, document): Flag[] => {
      const unit = document.units[record.unit.index];
      const source = unit ? sourceText(unit) : "";
      return (record.extraction.readFromImage ?? []).flatMap((reading): Flag[] => {
        const text = comparable(reading.text);
        if (text === "" || source.includes(text)) return [];
        return [
          {
            code: "read_from_image",
            severity: "warning",
            path: reading.field,
            message: `"${reading.text}" (${reading.field}) was read from the image of page ${reading.page}, not found in the OCR text: check it in the box shown.`,
            evidence: { page: reading.page, text: reading.text, box: reading.box },
          },
        ];
      });
    },
  },
};
