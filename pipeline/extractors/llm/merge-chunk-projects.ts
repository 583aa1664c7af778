import type { ExtractedIndicator, ExtractedProject } from "../../../schemas/extracted-project.js";
import { compact } from "../../domain/cell-text.js";

/** A project as the chunks returned it, merged, with the chunks that returned it. */
export interface MergedProject {
  readonly project: ExtractedProject;
  readonly chunks: readonly number[];
}

/**
 * Projects from consecutive chunks, each once: chunks overlap by a page, so a project on a shared page comes back
 * from both, each time with the part of its table that chunk saw. The same project (same name and code) from
 * the next chunk is merged — header fields from whichever has them, indicators from both with those the first
 * already has counted once — so a chunk boundary inside a table neither loses nor duplicates a project.
 */
export function mergeChunkProjects(answers: ReadonlyArray<readonly ExtractedProject[]>): MergedProject[] {
  const merged: Array<{ project: ExtractedProject; chunks: number[] }> = [];
  answers.forEach((projects, chunk) => {
    for (const project of projects) {
      const same = merged.find((entry) => entry.chunks.at(-1) === chunk - 1 && sameProject(entry.project, project));
      if (same) {
        same.project = mergeProject(same.project, project);
        same.chunks.push(chunk);
      } else {
        merged.push({ project, chunks: [chunk] });
      }
    }
  });
  return merged;
}

function sameProject(a: ExtractedProject, b: ExtractedProject): boolean {
  if (compact(a.projectName) !== compact(b.projectName) || a.kind !== b.kind) return false;
  return a.projectCode === null || b.projectCode === null || compact(a.projectCode) === compact(b.projectCode);
}

function mergeProject(first: ExtractedProject, second: ExtractedProject): ExtractedProject {
  const filled = Object.fromEntries(
    Object.entries(first).map(([key, value]) => [key, value === null ? (second[key as keyof ExtractedProject] ?? null) : value]),
  ) as ExtractedProject;
  return { ...filled, indicators: mergeIndicators(first.indicators, second.indicators) };
}

/** The second list's indicators the first does not already have, each counted as often as it occurs. */
function mergeIndicators(first: readonly ExtractedIndicator[], second: readonly ExtractedIndicator[]): ExtractedIndicator[] {
  const seen = new Map<string, number>();
  for (const indicator of first) seen.set(key(indicator), (seen.get(key(indicator)) ?? 0) + 1);
  const added = second.filter((indicator) => {
    const count = seen.get(key(indicator)) ?? 0;
    if (count > 0) {
      seen.set(key(indicator), count - 1);
      return false;
    }
    return true;
  });
  return [...first, ...added];
}

function key(indicator: ExtractedIndicator): string {
  return [indicator.level1, indicator.level2, indicator.level3, indicator.value].map(compact).join("\u0000");
}
