import type { TextItem } from "../../schemas/layout.js";

/**
 * Character error rate: edits (insertions, deletions, substitutions) needed to turn the hypothesis into
 * the reference, over the reference's length. Whitespace is ignored on both sides: OCR and PDF producers
 * disagree about spaces between CJK and digits, and the pipeline's parsers do not depend on them.
 * Used by the OCR tests and `bench/ocr-bench.ts` to compare engines against a page's own text layer.
 */
export function characterErrorRate(reference: string, hypothesis: string): number {
  const expected = [...reference.replace(/\s+/g, "")];
  const actual = [...hypothesis.replace(/\s+/g, "")];
  if (expected.length === 0) return actual.length === 0 ? 0 : 1;
  return editDistance(expected, actual) / expected.length;
}

/** Levenshtein distance over code points, two rows of memory. */
export function editDistance(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_value, index) => index);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/**
 * A page's text in reading order, the same way for text-layer and OCR items: items whose vertical centres
 * are within half a line height form a line, lines top to bottom, items left to right. Comparing two
 * sources through this one ordering keeps differences in how each splits lines from counting as errors.
 */
export function readingOrderText(items: readonly TextItem[]): string {
  const sorted = [...items].sort((a, b) => a.box.y + a.box.height / 2 - (b.box.y + b.box.height / 2));
  const lines: TextItem[][] = [];
  for (const item of sorted) {
    const line = lines.at(-1);
    const center = item.box.y + item.box.height / 2;
    const reference = line?.[0];
    if (line && reference && Math.abs(reference.box.y + reference.box.height / 2 - center) < Math.min(reference.box.height, item.box.height) / 2) line.push(item);
    else lines.push([item]);
  }
  return lines.map((line) => line.sort((a, b) => a.box.x - b.box.x).map((item) => item.text).join(" ")).join("\n");
}
