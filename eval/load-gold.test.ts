import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GOLD_DIR, GoldFileError, loadAllGold, loadGold } from "./load-gold.js";

const EXPECTED_PROJECTS: Record<string, number> = {
  "seed-000-grid.gold.json": 8,
  "seed-002-row-list.gold.json": 11,
  "seed-003-vertical.gold.json": 6,
};

const temporaryDirectories: string[] = [];
afterEach(() => {
  for (const directory of temporaryDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
});
function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(tmpdir(), "gold-"));
  temporaryDirectories.push(directory);
  return directory;
}

describe("loadGold", () => {
  it.each(Object.keys(EXPECTED_PROJECTS))("validates %s against GoldDocumentSchema", (name) => {
    expect(() => loadGold(path.join(GOLD_DIR, name))).not.toThrow();
  });

  it.each(Object.entries(EXPECTED_PROJECTS))("finds the hand-counted number of projects in %s", (name, count) => {
    expect(loadGold(path.join(GOLD_DIR, name)).projects).toHaveLength(count);
  });

  it("loads every gold file in the directory, one per layout family of the seeds", () => {
    const names = readdirSync(GOLD_DIR).filter((name) => name.endsWith(".gold.json"));
    const documents = loadAllGold();
    expect(names).toEqual(expect.arrayContaining(Object.keys(EXPECTED_PROJECTS)));
    expect(documents).toHaveLength(names.length);
    expect(documents.map((document) => document.family)).toEqual(expect.arrayContaining(["grid", "row-list", "vertical"]));
  });

  it("keeps each indicator's parsed.raw equal to its value", () => {
    for (const document of loadAllGold()) {
      for (const project of document.projects) {
        for (const indicator of project.indicators) expect(indicator.parsed.raw).toBe(indicator.value);
      }
    }
  });

  it("points every indicator flag at an indicator that exists", () => {
    for (const document of loadAllGold()) {
      for (const project of document.projects) {
        for (const flag of project.flags) {
          const index = /^indicators\.(\d+)/.exec(flag.path)?.[1];
          if (index !== undefined) expect(Number(index)).toBeLessThan(project.indicators.length);
        }
      }
    }
  });

  it("fails loudly, naming the file and the zod paths, when a copy is broken", () => {
    const directory = temporaryDirectory();
    const broken = JSON.parse(readFileSync(path.join(GOLD_DIR, "seed-000-grid.gold.json"), "utf8"));
    broken.projects[0].indicators[0].page = 0;
    broken.projects[1].flags.push({ code: "not_a_code", severity: "warning", path: "indicators", why: "typo" });
    const file = path.join(directory, "broken.gold.json");
    writeFileSync(file, JSON.stringify(broken));

    let error: unknown;
    try {
      loadGold(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GoldFileError);
    const message = (error as GoldFileError).message;
    expect(message).toContain(file);
    expect(message).toContain("projects.0.indicators.0.page");
    expect(message).toContain("projects.1.flags.0.code");
    expect((error as GoldFileError).file).toBe(file);
    expect(() => loadAllGold(directory)).toThrow(/broken\.gold\.json/);
  });

  it("names the file when it is not JSON", () => {
    const directory = temporaryDirectory();
    const file = path.join(directory, "truncated.gold.json");
    writeFileSync(file, "{ \"fixture\": ");
    expect(() => loadGold(file)).toThrow(/truncated\.gold\.json is not valid JSON/);
  });
});
