import { splitLevel2 } from "../pipeline/domain/taxonomy.js";
import type { GoldIndicator } from "../schemas/gold.js";
import type { IndicatorRecord } from "../schemas/project-record.js";
import { pairGreedily, type Candidate, type Matching } from "./pair-greedily.js";
import { level1Key } from "./level1-key.js";
import { textSimilarity } from "./text-similarity.js";

/** Level-3 names less alike than this never pair: a different indicator, not a misread one. */
export const MIN_LEVEL3_SIMILARITY = 0.5;

/**
 * What an agreeing level counts for, in units of level-3 similarity. Small on purpose: the levels decide
 * between names that are nearly equally similar (seed 000's 故障修复响应时间 and 运行维护响应时间 rows share
 * most of their wording), but a single wrong level 2 must not make an indicator pair with a different
 * indicator of the right category; it should pair with its own and show up as a level-2 error.
 */
export const LEVEL_AGREEMENT_WEIGHT = 0.1;

/**
 * Pairs one project's gold indicators with the extracted ones, one-to-one: first those that agree on
 * level 1, level 2 and level 3 exactly (whitespace ignored), then by level-3 similarity plus a small
 * weight for each agreeing level, so level 1 and level 2 break near-ties between similar names.
 * Level names are compared without numbering (`一、`) and annotations (`(必填)`).
 */
export function matchIndicators(gold: readonly GoldIndicator[], got: readonly IndicatorRecord[]): Matching {
  const candidates: Candidate[] = [];
  gold.forEach((goldIndicator, goldIndex) => {
    const goldLevel1 = level1Key(goldIndicator.level1);
    const goldLevel2 = splitLevel2(goldIndicator.level2).name;
    got.forEach((indicator, gotIndex) => {
      const similarity = textSimilarity(goldIndicator.level3, indicator.level3);
      if (similarity < MIN_LEVEL3_SIMILARITY) return;
      const sameLevel1 = goldLevel1 === level1Key(indicator.level1) ? 1 : 0;
      const sameLevel2 = goldLevel2 === splitLevel2(indicator.level2).name ? 1 : 0;
      const exact = sameLevel1 && sameLevel2 && similarity === 1 ? 1 : 0;
      candidates.push({ gold: goldIndex, got: gotIndex, rank: [exact, similarity + LEVEL_AGREEMENT_WEIGHT * (sameLevel1 + sameLevel2)] });
    });
  });
  return pairGreedily(gold.length, got.length, candidates);
}
