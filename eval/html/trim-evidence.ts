/** Characters of source text kept on each side of the value found in it. */
const CONTEXT_CHARACTERS = 40;
/** What is shown of a source text none of the values occurs in. */
const HEAD_CHARACTERS = 120;

/** Source text cut down to the cell: `before`, the value as it stands in the text (`match`), `after`. */
export interface TrimmedEvidence {
  readonly page: number;
  readonly before: string;
  readonly match: string;
  readonly after: string;
  /** Text was cut at the start or the end. */
  readonly cutBefore: boolean;
  readonly cutAfter: boolean;
}

/**
 * The evidence of a mismatch trimmed to the cell it is about: the first of `values` (what the pipeline got,
 * then gold) found in the page text, with a little context, instead of the whole project's text. Whitespace is
 * ignored when looking (a PDF line break may split a value) but the text shown is the page's own.
 */
export function trimEvidence(source: { readonly page: number; readonly text: string }, values: readonly string[]): TrimmedEvidence {
  const text = source.text;
  for (const value of values) {
    const found = findIgnoringWhitespace(text, value.trim());
    if (found === null) continue;
    const from = Math.max(0, found.start - CONTEXT_CHARACTERS);
    const to = Math.min(text.length, found.end + CONTEXT_CHARACTERS);
    return { page: source.page, before: text.slice(from, found.start), match: text.slice(found.start, found.end), after: text.slice(found.end, to), cutBefore: from > 0, cutAfter: to < text.length };
  }
  const head = text.slice(0, HEAD_CHARACTERS);
  return { page: source.page, before: head, match: "", after: "", cutBefore: false, cutAfter: head.length < text.length };
}

/** Start and end (in `text`) of `value` with whitespace ignored on both sides, or null. */
function findIgnoringWhitespace(text: string, value: string): { start: number; end: number } | null {
  const wanted = value.replace(/\s+/g, "");
  if (wanted.length === 0) return null;
  const positions: number[] = [];
  let squeezed = "";
  for (let index = 0; index < text.length; index++) {
    if (/\s/.test(text[index]!)) continue;
    positions.push(index);
    squeezed += text[index];
  }
  const at = squeezed.indexOf(wanted);
  if (at === -1) return null;
  return { start: positions[at]!, end: positions[at + wanted.length - 1]! + 1 };
}
