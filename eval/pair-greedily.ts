/** A possible pairing of gold item `gold` with extracted item `got`, and how good it is. */
export interface Candidate {
  readonly gold: number;
  readonly got: number;
  /** Higher is better; compared first. */
  readonly rank: readonly number[];
}

/** A one-to-one pairing of gold items with extracted items, and what was left over on either side. */
export interface Matching {
  readonly pairs: ReadonlyArray<{ readonly gold: number; readonly got: number }>;
  readonly unmatchedGold: readonly number[];
  readonly unmatchedGot: readonly number[];
}

/**
 * Pairs items one-to-one, best candidate first: each candidate's `rank` is compared element by element
 * (higher wins), then the candidate whose two positions are closest wins, then the earlier gold item.
 * Greedy rather than an optimal assignment because ranks are lexicographic (an exact name beats any
 * similarity), where the greedy choice is the one a person checking the match would make, and the result
 * is easy to explain in the report.
 */
export function pairGreedily(goldCount: number, gotCount: number, candidates: readonly Candidate[]): Matching {
  const ordered = [...candidates].sort((a, b) => compareRanks(b.rank, a.rank) || distance(a) - distance(b) || a.gold - b.gold || a.got - b.got);
  const goldTaken = new Set<number>();
  const gotTaken = new Set<number>();
  const pairs: Array<{ gold: number; got: number }> = [];
  for (const candidate of ordered) {
    if (goldTaken.has(candidate.gold) || gotTaken.has(candidate.got)) continue;
    goldTaken.add(candidate.gold);
    gotTaken.add(candidate.got);
    pairs.push({ gold: candidate.gold, got: candidate.got });
  }
  pairs.sort((a, b) => a.gold - b.gold);
  return {
    pairs,
    unmatchedGold: range(goldCount).filter((index) => !goldTaken.has(index)),
    unmatchedGot: range(gotCount).filter((index) => !gotTaken.has(index)),
  };
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function distance(candidate: Candidate): number {
  return Math.abs(candidate.gold - candidate.got);
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}
