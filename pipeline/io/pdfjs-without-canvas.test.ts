import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixturePath } from "../../test/helpers.js";

interface Outcome {
  readonly text: string;
  readonly operators: number;
  readonly skiaLoaded: boolean;
  readonly drawing: string;
}

/** In a fresh process, as a reader thread starts: the stand-in (or not), pdf.js, one page read, then a drawing attempt. */
function readOnePage(withStandIn: boolean): Outcome {
  const script = `
    ${withStandIn ? `await import(${JSON.stringify(path.resolve("pipeline/io/pdfjs-without-canvas.ts"))});` : ""}
    const { pdfjs } = await import(${JSON.stringify(path.resolve("pipeline/io/load-pdfjs.ts"))});
    const { readFileSync } = await import("node:fs");
    const document = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(${JSON.stringify(fixturePath("bench", "one-page.pdf"))})), isEvalSupported: false, verbosity: 0 }).promise;
    const page = await document.getPage(1);
    const text = (await page.getTextContent()).items.map((item) => item.str).join("");
    const operators = (await page.getOperatorList()).fnArray.length;
    let drawing = "drew";
    try { new DOMMatrix().multiplySelf(new DOMMatrix()); } catch (error) { drawing = error.name; }
    const skiaLoaded = readFileSync("/proc/self/maps", "utf8").includes("skia");
    process.stdout.write(JSON.stringify({ text, operators, skiaLoaded, drawing }));
    await document.destroy();
  `;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout) as Outcome;
}

describe.runIf(existsSync("/proc/self/maps"))("pdfjs-without-canvas", () => {
  it("lets pdf.js read text and operators without loading Skia, and makes any drawing fail loudly", () => {
    const withoutCanvas = readOnePage(true);
    const withCanvas = readOnePage(false);
    expect(withoutCanvas.skiaLoaded).toBe(false);
    expect(withCanvas.skiaLoaded).toBe(true);
    // The same page, read the same, either way.
    expect(withoutCanvas.text).toBe(withCanvas.text);
    expect(withoutCanvas.text.length).toBeGreaterThan(100);
    expect(withoutCanvas.operators).toBe(withCanvas.operators);
    expect(withoutCanvas.drawing).toBe("RenderingUnavailableError");
    expect(withCanvas.drawing).toBe("drew");
  });
});
