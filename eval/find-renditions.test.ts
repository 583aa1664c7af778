import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../test/helpers.js";
import { findRenditions } from "./find-renditions.js";
import { loadAllGold } from "./load-gold.js";

describe("findRenditions", () => {
  const gold = [...loadAllGold(path.join(repoRoot, "fixtures/gold")), ...loadAllGold(path.join(repoRoot, "fixtures/variants/gold"))];

  it("finds a scanned rendition beside every gold document's PDF, seeds and layout variants alike", async () => {
    const found = await Promise.all(gold.map((document) => findRenditions(document, { rootDir: repoRoot, scannedDir: null, renditions: ["text-layer", "scanned"] })));
    const missing = gold.filter((_document, index) => !found[index]!.some((input) => input.rendition === "scanned")).map((document) => document.fixture);
    expect(missing).toEqual([]);
    const variantScan = found.flat().find((input) => input.rendition === "scanned" && input.name === "variant-grid-scored-2024");
    expect(variantScan?.input).toBe(path.join(repoRoot, "fixtures/variants/pdf-scanned/variant-grid-scored-2024.pdf"));
  });

  it("leaves the scans out when only the text layer is asked for", async () => {
    const inputs = await findRenditions(gold[0]!, { rootDir: repoRoot, scannedDir: null, renditions: ["text-layer"] });
    expect(inputs.map((input) => input.rendition)).toEqual(["text-layer"]);
  });
});
