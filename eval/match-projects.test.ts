import path from "node:path";
import { describe, expect, it } from "vitest";
import { GOLD_DIR, loadGold } from "./load-gold.js";
import { matchProjects } from "./match-projects.js";
import { recordFromGold } from "./record-from-gold.js";

const vertical = loadGold(path.join(GOLD_DIR, "seed-003-vertical.gold.json"));
const grid = loadGold(path.join(GOLD_DIR, "seed-000-grid.gold.json"));

describe("matchProjects", () => {
  it("tells seed 003's two tables of the same name apart by their amount, whatever order the records come in", () => {
    const records = vertical.projects.map((project, index) => recordFromGold(project, index)).reverse();
    const matching = matchProjects(vertical.projects, records);
    expect(matching.unmatchedGold).toEqual([]);
    expect(matching.unmatchedGot).toEqual([]);
    for (const pair of matching.pairs) {
      expect(records[pair.got]!.money.total).toEqual(recordFromGold(vertical.projects[pair.gold]!).money.total);
      expect(records[pair.got]!.project.name).toBe(vertical.projects[pair.gold]!.projectName);
    }
  });

  it("still pairs a project whose name has a misread character, so the error shows as a wrong name, not a lost project", () => {
    const record = recordFromGold(grid.projects[1]!);
    const misread = { ...record, project: { ...record.project, name: "会议费及公务活动賽" } };
    expect(matchProjects([grid.projects[1]!], [misread]).pairs).toEqual([{ gold: 0, got: 0 }]);
  });

  it("does not pair a record with a different project of the same department", () => {
    const matching = matchProjects([grid.projects[0]!], [recordFromGold(grid.projects[1]!)]);
    expect(matching.pairs).toEqual([]);
    expect(matching.unmatchedGold).toEqual([0]);
    expect(matching.unmatchedGot).toEqual([0]);
  });
});
