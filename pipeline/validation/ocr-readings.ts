import type { Flag } from "../../schemas/flag.js";
import { DEFAULT_OCR_MIN_CONFIDENCE } from "../config.js";
import { doubtfulReadings } from "../domain/doubtful-readings.js";
import type { RuleGroup } from "./rule.js";

/**
 * Values OCR was unsure of, one flag per field, whichever extractor read them: a model given the same text
 * cannot see the page either. The flag's evidence is the value's cell, with the confidence and, where a
 * misread was repaired there, what was read.
 */
export const OCR_READING_RULES: RuleGroup<"ocr_low_confidence" | "ocr_glyph_missing"> = {
  ocr_low_confidence: {
    scope: "record",
    check: (record, document): Flag[] => {
      const threshold = document.ocrMinConfidence ?? DEFAULT_OCR_MIN_CONFIDENCE;
      return doubtfulReadings(record.evidence, threshold)
        .filter((reading) => reading.lowConfidence)
        .map(({ path, evidence }) => ({
          code: "ocr_low_confidence",
          severity: "warning",
          path,
          message: `OCR read this value with confidence ${evidence.ocrIdentityConfidence ?? evidence.ocrConfidence} (below ${threshold}) from "${evidence.text.replace(/\s+/gu, " ").slice(0, 60)}": a character may be misread. Check it against the page.`,
          evidence,
        }));
    },
  },

  ocr_glyph_missing: {
    scope: "record",
    check: (record, document): Flag[] =>
      doubtfulReadings(record.evidence, document.ocrMinConfidence ?? DEFAULT_OCR_MIN_CONFIDENCE)
        .filter((reading) => reading.doubts.length > 0)
        .map(({ path, evidence, doubts }) => ({
          code: "ocr_glyph_missing",
          severity: "warning",
          path,
          message: `OCR may have dropped a character of "${evidence.text.replace(/\s+/gu, " ").slice(0, 60)}": ${doubts.join("; ")}. Check it against the page.`,
          evidence,
        })),
  },
};
