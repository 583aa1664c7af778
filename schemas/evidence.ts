import { z } from "zod";
import { BoxSchema } from "./layout.js";

/**
 * Where a value was read: the page, the exact normalized source text of the cell it was found in,
 * and that cell's box. Grounding finds the value's text in the unit's cells rather than trusting offsets,
 * which break on CJK text.
 */
export const EvidenceSchema = z.object({
  page: z.number().int().positive(),
  text: z.string(),
  box: BoxSchema.nullable(),
  /**
   * On an OCR'd page: the OCR engine's confidence in the value, 0–1 — the lowest of the characters the value
   * was read from where the engine gives per-character confidences, else the lowest of the cell's lines.
   * Absent for text from a text layer. Below `--ocr-min-confidence` the field is flagged `ocr_low_confidence`.
   */
  ocrConfidence: z.number().min(0).max(1).optional(),
  /**
   * On an OCR'd page: how sure the engine was of which characters the value is, 0–1 (pipeline/ocr/identity-confidence.ts):
   * `ocrConfidence` where a different character came a real second or the blank could have won, else 1. This,
   * not `ocrConfidence`, decides `ocr_low_confidence`; absent where it equals `ocrConfidence`.
   */
  ocrIdentityConfidence: z.number().min(0).max(1).optional(),
  /** The cell's text as the OCR engine read it, where a repair changed it (`text` is then the repaired text). */
  ocrRaw: z.string().optional(),
  /** The repairs made to the cell's OCR text (pipeline/ocr/repair-misreads.ts), one sentence each. */
  ocrRepairs: z.array(z.string()).optional(),
  /** Signs the OCR reading of the cell may be incomplete (a glyph its box has room for is missing). */
  ocrDoubts: z.array(z.string()).optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;
