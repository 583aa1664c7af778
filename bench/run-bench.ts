/**
 * `npm run bench [-- PART… [options]]`: the figures the README and the issues quote, on this machine. Parts:
 * `pipeline` (documents/s, LLM rate against its cap, peak memory), `text` (the text-layer path against raw
 * pdf.js, start-up), `ocr` (OCR cost and error rate, paddle beside tesseract), `queue` (worker processes on Redis: scaling and the
 * shared rate cap); all of them when none is named.
 * Options after the part names go to that part's script (bench/pipeline-bench.ts, bench/text-bench.ts,
 * bench/ocr-bench.ts), which also run on their own.
 */
import { spawnSync } from "node:child_process";
import { entryArguments } from "./measure-process.js";

const PARTS = {
  pipeline: { title: "Pipeline: documents/s, LLM rate against its cap, peak memory", entry: "bench/pipeline-bench.ts", defaults: process.argv.includes("--large") ? ["--documents", "100,2000"] : [] },
  text: { title: "Text layer: the pipeline against raw pdf.js, start-up", entry: "bench/text-bench.ts", defaults: [] },
  ocr: { title: "OCR: CPU, wall time, memory and error rate per page, by engine", entry: "bench/ocr-bench.ts", defaults: [] },
  queue: { title: "Queue: worker processes on Redis, read stage documents/s, extract stage scaling and the shared --rpm cap", entry: "bench/queue-bench.ts", defaults: [] },
} as const;
type Part = keyof typeof PARTS;

const args = process.argv.slice(2).filter((arg) => arg !== "--large");
const named = args.filter((arg): arg is Part => arg in PARTS);
const options = args.filter((arg) => !(arg in PARTS));
for (const part of named.length > 0 ? named : (Object.keys(PARTS) as Part[])) {
  const { title, entry, defaults } = PARTS[part];
  console.log(`\n## ${title}\n`);
  const result = spawnSync(process.execPath, [...entryArguments(entry), ...defaults, ...(named.length === 1 ? options : [])], { stdio: "inherit" });
  if (result.status !== 0) process.exitCode = result.status ?? 1;
}
