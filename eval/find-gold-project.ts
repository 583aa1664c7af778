import { compact } from "../pipeline/domain/cell-text.js";
import type { GoldDocument, GoldProject } from "../schemas/gold.js";

export interface GoldProjectRef {
  readonly document: GoldDocument;
  readonly index: number;
  readonly project: GoldProject;
}

/**
 * Which gold project a unit's table text is about: a project whose name occurs in the text (line wraps
 * and the ` / ` the prompt puts between a cell's lines ignored); among several, one from the document of the
 * request's region, then one whose 年度资金总额 also occurs (seed 003's two 政府大型公务活动项目经费 tables
 * differ only in amount), then the longest name (督察经费 is part of 政府重点工作督察经费). Null when no
 * project fits or two fit equally well: the oracle must never guess.
 */
export function findGoldProject(unitText: string, region: string | null, gold: readonly GoldDocument[]): GoldProjectRef | null {
  const haystack = compact(unitText.replace(/ \/ /g, ""));
  const candidates = gold.flatMap((document) =>
    document.projects.flatMap((project, index) => {
      const name = compact(project.projectName);
      if (name === "" || !haystack.includes(name)) return [];
      const amount = project.totalAmount === null ? "" : compact(project.totalAmount);
      const rank = [region !== null && document.region === region ? 1 : 0, amount !== "" && haystack.includes(amount) ? 1 : 0, name.length];
      return [{ ref: { document, index, project }, rank }];
    }),
  );
  candidates.sort((a, b) => compareRanks(b.rank, a.rank));
  const [best, next] = candidates;
  if (!best) return null;
  if (next && compareRanks(best.rank, next.rank) === 0) return null;
  return best.ref;
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < a.length; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
