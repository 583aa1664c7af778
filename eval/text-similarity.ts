import { compact } from "../pipeline/domain/cell-text.js";

/**
 * How alike two names are, from 0 (nothing shared) to 1 (the same once whitespace is removed): the Dice
 * coefficient of their character bigrams. Bigrams rather than edit distance because indicator names are
 * long CJK phrases where an extractor drops or adds a clause; shared bigrams measure the shared wording
 * whatever its position, and a one-character OCR slip costs only the two bigrams it touches.
 */
export function textSimilarity(a: string, b: string): number {
  const left = compact(a);
  const right = compact(b);
  if (left === right) return 1;
  if (left.length < 2 || right.length < 2) return 0;
  const counts = new Map<string, number>();
  const leftBigrams = bigrams(left);
  for (const bigram of leftBigrams) counts.set(bigram, (counts.get(bigram) ?? 0) + 1);
  let shared = 0;
  const rightBigrams = bigrams(right);
  for (const bigram of rightBigrams) {
    const available = counts.get(bigram) ?? 0;
    if (available > 0) {
      shared++;
      counts.set(bigram, available - 1);
    }
  }
  return (2 * shared) / (leftBigrams.length + rightBigrams.length);
}

function bigrams(text: string): string[] {
  // Array.from splits by code point, so a character outside the BMP is one character, not two halves.
  const characters = Array.from(text);
  return characters.slice(1).map((character, index) => characters[index] + character);
}
