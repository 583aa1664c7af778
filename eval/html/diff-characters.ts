/** A run of characters both sides share, or that only one side has. */
export interface DiffSegment {
  readonly kind: "same" | "gold" | "got";
  readonly text: string;
}

/** Above this many characters per side the quadratic table is not worth it: only the shared ends are found. */
const MAX_TABLE_CHARACTERS = 1_500;

/**
 * Where two strings differ, character by character (by code point, so a Chinese character or an emoji is one
 * unit): a longest common subsequence, shared runs as `same`, the rest as `gold` (only in gold) or `got`.
 * Long texts fall back to their common prefix and suffix around one differing middle.
 */
export function diffCharacters(gold: string, got: string): DiffSegment[] {
  const a = [...gold];
  const b = [...got];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middle = endA - start > MAX_TABLE_CHARACTERS || endB - start > MAX_TABLE_CHARACTERS
    ? [...a.slice(start, endA).map((character) => ({ kind: "gold" as const, character })), ...b.slice(start, endB).map((character) => ({ kind: "got" as const, character }))]
    : lcsSteps(a.slice(start, endA), b.slice(start, endB));
  const steps = [
    ...a.slice(0, start).map((character) => ({ kind: "same" as const, character })),
    ...middle,
    ...a.slice(endA).map((character) => ({ kind: "same" as const, character })),
  ];
  const segments: DiffSegment[] = [];
  for (const step of steps) {
    const last = segments[segments.length - 1];
    if (last && last.kind === step.kind) segments[segments.length - 1] = { kind: last.kind, text: last.text + step.character };
    else segments.push({ kind: step.kind, text: step.character });
  }
  return segments;
}

type Step = { readonly kind: DiffSegment["kind"]; readonly character: string };

function lcsSteps(a: readonly string[], b: readonly string[]): Step[] {
  const width = b.length + 1;
  // lengths[i * width + j]: the longest common subsequence of a[i..] and b[j..].
  const lengths = new Uint16Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      steps.push({ kind: "same", character: a[i]! });
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) steps.push({ kind: "gold", character: a[i++]! });
    else steps.push({ kind: "got", character: b[j++]! });
  }
  while (i < a.length) steps.push({ kind: "gold", character: a[i++]! });
  while (j < b.length) steps.push({ kind: "got", character: b[j++]! });
  return steps;
}
