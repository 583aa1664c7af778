import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GoldDocumentSchema } from "../../../schemas/gold.js";
import { fixturePath } from "../../../test/helpers.js";
import { compareWithGold, type GoldMismatch } from "./compare-with-gold.js";
import { extractWithRules } from "./extract-with-rules.js";
import { segmentFixture, type FixtureName } from "./test-units.js";

const DOCUMENTS: readonly (readonly [FixtureName, string])[] = [
  ["grid", "seed-000-grid"],
  ["rowList", "seed-002-row-list"],
  ["vertical", "seed-003-vertical"],
];

describe("extractWithRules against the hand-labeled gold", () => {
  it.each(DOCUMENTS)("matches the gold of the %s fixture field by field", async (name, file) => {
    const gold = GoldDocumentSchema.parse(JSON.parse(readFileSync(fixturePath("gold", `${file}.gold.json`), "utf8")));
    const document = await segmentFixture(name);
    const projects = document.units.map((unit) => extractWithRules(unit, document.context).project);
    const mismatches = compareWithGold(projects, gold);
    if (mismatches.length > 0) {
      console.log(`${file}: ${mismatches.length} field(s) differ from gold\n${mismatches.map((m) => `  ${m.path}: gold ${JSON.stringify(m.expected)} ≠ rules ${JSON.stringify(m.actual)}`).join("\n")}`);
    }
    expect(mismatches).toEqual([]);
  });
});
