import { compact } from "../pipeline/domain/cell-text.js";
import { toFen } from "../pipeline/domain/money.js";
import type { GoldProject } from "../schemas/gold.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import { pairGreedily, type Candidate, type Matching } from "./pair-greedily.js";
import { textSimilarity } from "./text-similarity.js";

/**
 * Below this name similarity a record is not the gold project, however the rest compares. Low enough that
 * a name with a misread character or a dropped clause still pairs (its name accuracy then shows the error
 * instead of the whole project counting as missed), high enough that two projects of one department, which
 * share words like 信访 and 经费, do not pair by accident.
 */
export const MIN_PROJECT_NAME_SIMILARITY = 0.5;

/**
 * Pairs the gold projects of one document with the records the pipeline produced for it, one-to-one:
 * the same name (whitespace ignored) first, then the most similar name, and between equal names the one
 * with the same 年度资金总额 in 分 — which tells apart seed 003's two tables called 政府大型公务活动项目经费
 * (电费 and 办公设备). Among full ties, the record in the same position wins.
 */
export function matchProjects(gold: readonly GoldProject[], records: readonly ProjectRecord[]): Matching {
  const candidates: Candidate[] = [];
  gold.forEach((project, goldIndex) => {
    const goldAmount = goldTotalFen(project);
    records.forEach((record, gotIndex) => {
      const similarity = textSimilarity(project.projectName, record.project.name);
      if (similarity < MIN_PROJECT_NAME_SIMILARITY) return;
      const sameName = compact(project.projectName) === compact(record.project.name) ? 1 : 0;
      const sameAmount = goldAmount !== null && goldAmount === (record.money.total?.fen ?? null) ? 1 : 0;
      candidates.push({ gold: goldIndex, got: gotIndex, rank: [sameName, similarity, sameAmount] });
    });
  });
  return pairGreedily(gold.length, records.length, candidates);
}

/** The gold project's 年度资金总额 in 分, or null when it is not stated or not a plain decimal. */
function goldTotalFen(project: GoldProject): number | null {
  if (project.totalAmount === null || project.moneyUnit === null) return null;
  return toFen(compact(project.totalAmount), project.moneyUnit);
}
