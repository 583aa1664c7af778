import { compact } from "../domain/cell-text.js";

function bigrams(text: string): string[] {
  const characters = [...compact(text.normalize("NFKC"))];
  if (characters.length < 2) return characters;
  return characters.slice(1).map((character, index) => `${characters[index]}${character}`);
}

/**
 * How alike two Chinese project names are, from 0 to 1: the Dice coefficient of their character bigrams.
 * Overviews shorten and reorder names (`公务用车购置费` for the table's `购置公务用车项目经费`), so an exact
 * or prefix match would miss them, while bigrams still share 公务, 用车, 购置.
 */
export function nameSimilarity(a: string, b: string): number {
  const left = bigrams(a);
  const right = bigrams(b);
  if (left.length === 0 || right.length === 0) return 0;
  const remaining = new Map<string, number>();
  for (const gram of right) remaining.set(gram, (remaining.get(gram) ?? 0) + 1);
  let shared = 0;
  for (const gram of left) {
    const count = remaining.get(gram) ?? 0;
    if (count > 0) {
      shared += 1;
      remaining.set(gram, count - 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}
