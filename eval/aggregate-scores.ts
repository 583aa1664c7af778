import { emptyCostCounts, emptyScoreCounts } from "./empty-counts.js";
import { FIELD_NAMES, type CostCounts, type DetectionCounts, type ScoreCounts } from "./score-counts.js";

/** Counts of several documents added up: a family's or the whole run's (micro-averaged) counts. */
export function aggregateScores(parts: ReadonlyArray<{ readonly counts: ScoreCounts; readonly cost: CostCounts }>): { counts: ScoreCounts; cost: CostCounts } {
  const counts = emptyScoreCounts();
  const cost = emptyCostCounts();
  for (const part of parts) {
    addDetection(counts.projects, part.counts.projects);
    addDetection(counts.indicators, part.counts.indicators);
    addDetection(counts.flags, part.counts.flags);
    for (const [code, detection] of Object.entries(part.counts.flagsByCode)) {
      addDetection((counts.flagsByCode[code] ??= { truePositives: 0, falsePositives: 0, falseNegatives: 0 }), detection);
    }
    for (const field of FIELD_NAMES) {
      counts.fields[field].correct += part.counts.fields[field].correct;
      counts.fields[field].compared += part.counts.fields[field].compared;
    }
    counts.silentErrors += part.counts.silentErrors;
    counts.silentFieldErrors += part.counts.silentFieldErrors;
    for (const key of Object.keys(cost) as Array<keyof CostCounts>) cost[key] += part.cost[key];
  }
  return { counts, cost };
}

function addDetection(into: DetectionCounts, from: DetectionCounts): void {
  into.truePositives += from.truePositives;
  into.falsePositives += from.falsePositives;
  into.falseNegatives += from.falseNegatives;
}
