import { compact } from "../pipeline/domain/cell-text.js";

/**
 * Two optional texts agree when they are the same once whitespace is removed; a missing value and an
 * empty one agree. Whitespace is the PDF's line wrapping and the converter's spacing, not the document's
 * content, and gold files hold text in the pipeline's normalized form, so only whitespace is forgiven.
 */
export function textEqual(gold: string | null, got: string | null): boolean {
  return compact(gold ?? "") === compact(got ?? "");
}
