import { describe, expect, it } from "vitest";
import { loadAllGold } from "../../eval/load-gold.js";
import type { Flag } from "../../schemas/flag.js";
import type { GoldDocument, GoldFlag } from "../../schemas/gold.js";
import type { DocumentContext } from "../../schemas/project-unit.js";
import { testContext } from "../../test/helpers.js";
import { validateRecords } from "../validate-records.js";
import { goldValidationInput } from "./gold-input.js";
import { validationFixture } from "./test-records.js";

const overview = validationFixture<{ overview: DocumentContext["overview"] }>("seed-003-overview.json").overview;

function key(flag: Pick<Flag | GoldFlag, "code" | "severity" | "path">): string {
  return `${flag.code} ${flag.severity} ${flag.path}`;
}

async function flagsFor(gold: GoldDocument) {
  // Units are made from the gold's own text, so grounding holds by construction and is left out here.
  const input = goldValidationInput(gold, gold.family === "vertical" ? { overview } : {});
  const output = await validateRecords(input, testContext());
  const documentKeys = output.documentFlags.map(key);
  const projectKeys = output.records.map((record) =>
    record.flags.filter((flag) => flag.code !== "ungrounded" && !output.documentFlags.some((shared) => shared.message === flag.message)).map(key),
  );
  return { documentKeys, projectKeys };
}

describe.each(loadAllGold().map((gold) => [gold.fixture, gold] as const))("rules against the gold of %s", (fixture, gold) => {
  it("raises the document-level flags the labeler gave", async () => {
    const { documentKeys } = await flagsFor(gold);
    expect(documentKeys.sort()).toEqual(gold.flags.map(key).sort());
  });

  it("raises, project by project, exactly the flags the labeler gave", async () => {
    const { projectKeys } = await flagsFor(gold);
    const actual = projectKeys.map((keys) => [...keys].sort());
    expect(actual).toEqual(gold.projects.map((project) => project.flags.map(key).sort()));
  });
});
