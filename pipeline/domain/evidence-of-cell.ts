import type { Evidence } from "../../schemas/evidence.js";
import type { Cell } from "../../schemas/layout.js";
import { identityConfidence, type ReadKind } from "../ocr/identity-confidence.js";
import { lowestConfidence } from "../ocr/ocr-reading.js";

/**
 * The evidence for a value found in `cell`: page, text and box, and on an OCR'd page how sure the engine was
 * of the value's own characters (not of the whole cell: a row list holds a project's indicators in one cell,
 * and one doubtful character must not put all of them in doubt), what it read before a repair, and why the
 * reading may be incomplete. `kind` says whether the value is a text compared whole (a name), whose line ends
 * are in doubt too (pipeline/ocr/identity-confidence.ts).
 */
export function evidenceOfCell(cell: Cell, value: string, kind: ReadKind = "value"): Evidence {
  const evidence: Evidence = { page: cell.page, text: cell.text, box: cell.box };
  if (!cell.ocr) return evidence;
  const span = spanOf(cell.text, value);
  const confidence = span ? lowestConfidence(cell, span.start, span.end) : lowestConfidence(cell);
  const identity = span ? identityConfidence(cell, span.start, span.end, kind) : identityConfidence(cell, 0, cell.text.length, kind);
  return {
    ...evidence,
    ...(confidence !== null ? { ocrConfidence: confidence } : {}),
    ...(identity !== null && identity !== confidence ? { ocrIdentityConfidence: identity } : {}),
    ...(cell.ocr.raw !== undefined && cell.ocr.repairs ? { ocrRaw: cell.ocr.raw, ocrRepairs: [...cell.ocr.repairs] } : {}),
    ...(cell.ocr.doubts ? { ocrDoubts: [...cell.ocr.doubts] } : {}),
  };
}

/**
 * Where `value` stands in `text`, whitespace ignored on both sides (as grounding matches), as offsets into
 * `text`; null when it does not occur.
 */
export function spanOf(text: string, value: string): { start: number; end: number } | null {
  const positions: number[] = [];
  let compacted = "";
  for (let index = 0; index < text.length; index++) {
    if (/\s/u.test(text[index]!)) continue;
    positions.push(index);
    compacted += text[index];
  }
  const target = value.replace(/\s+/gu, "");
  if (target === "") return null;
  const at = compacted.indexOf(target);
  if (at < 0) return null;
  return { start: positions[at]!, end: positions[at + target.length - 1]! + 1 };
}
