import type { ProjectUnit } from "../../../schemas/project-unit.js";
import type { VisionContext } from "../extraction-result.js";

/**
 * Whether a unit is read from its page images: it lies on a page the OCR read, and either the OCR was unsure
 * of that page (mean confidence below `--vision-min-ocr-confidence`) or the table reader was unsure of the
 * unit (`readerUnsure`: `auto` routed it). A unit on text-layer pages never is: its text is the document's own.
 */
export function needsVision(unit: ProjectUnit, vision: VisionContext | null | undefined, readerUnsure: boolean): boolean {
  if (!vision?.pages) return false;
  const scanned = unit.pages.filter((page) => vision.pages!.ocrConfidence.has(page));
  if (scanned.length === 0) return false;
  return readerUnsure || scanned.some((page) => vision.pages!.ocrConfidence.get(page)! < vision.minOcrConfidence);
}
