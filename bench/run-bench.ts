/**
 * `npm run bench`: the figures the README and the issues quote, on this machine. Each part is also a
 * script of its own with more options (bench/pipeline-bench.ts, bench/ocr-bench.ts).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const documents = process.argv.includes("--large") ? "100,2000" : "100";
const parts: Array<[string, string[]]> = [
  ["Pipeline: documents/s, LLM rate against its cap, peak memory", [path.join(here, "pipeline-bench.ts"), "--documents", documents]],
  ["OCR: pages per minute by worker count", [path.join(here, "ocr-bench.ts")]],
];
for (const [title, args] of parts) {
  console.log(`\n## ${title}\n`);
  const result = spawnSync(process.execPath, ["--import", "tsx", ...args], { stdio: "inherit" });
  if (result.status !== 0) process.exitCode = result.status ?? 1;
}
