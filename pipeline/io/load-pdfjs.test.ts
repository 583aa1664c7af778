import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixturePath } from "../../test/helpers.js";

/**
 * In a fresh process (this one has pdf.js loaded already): the engine's push before and after loading
 * pdf.js the way the pipeline does, and once more after a document was read (pdf.js would have imported its
 * worker, and its core-js, at the first getDocument).
 */
function pushAfterLoading(): { restored: boolean; afterRead: boolean; pages: number } {
  const script = `
    const enginePush = Array.prototype.push;
    const { pdfjs } = await import(${JSON.stringify(path.resolve("pipeline/io/load-pdfjs.ts"))});
    const restored = Array.prototype.push === enginePush;
    const bytes = new Uint8Array((await import("node:fs")).readFileSync(${JSON.stringify(fixturePath("bench", "one-page.pdf"))}));
    const document = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, verbosity: 0 }).promise;
    const page = await document.getPage(1);
    await page.getTextContent();
    await page.getOperatorList();
    process.stdout.write(JSON.stringify({ restored, afterRead: Array.prototype.push === enginePush, pages: document.numPages }));
    await document.destroy();
  `;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout) as { restored: boolean; afterRead: boolean; pages: number };
}

describe("load-pdfjs", () => {
  it("gives the engine's Array.prototype.push back after pdf.js and its worker are loaded, and reading keeps it", () => {
    expect(pushAfterLoading()).toEqual({ restored: true, afterRead: true, pages: 1 });
  });

  it("is the only way pipeline code loads pdf.js", () => {
    // A module importing pdfjs-dist directly would load it, and core-js's push, without the fix.
    const sources = ["pipeline", "review"].flatMap((folder) =>
      (readdirSync(folder, { recursive: true }) as string[]).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts")).map((file) => path.join(folder, file)),
    );
    const direct = sources.filter((file) => file !== path.join("pipeline", "io", "load-pdfjs.ts") && /from "pdfjs-dist\/legacy\/build\/pdf\.mjs"/.test(readFileSync(file, "utf8")));
    expect(direct).toEqual([]);
    expect(sources.filter((file) => readFileSync(file, "utf8").includes("io/load-pdfjs.js")).length).toBeGreaterThanOrEqual(4);
  });
});
