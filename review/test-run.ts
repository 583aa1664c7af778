/**
 * Run directories for the review tests, internal to them: the real pipeline (offline rules extractor) over the
 * sample PDFs, so every record, flag, evidence box and page image is what an analyst would really see.
 * Runs are made once per test file and copied per test, because the pipeline takes seconds and tests write
 * decisions into their run directory.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resolveConfig } from "../pipeline/config.js";
import { runPipeline } from "../pipeline/run-pipeline.js";
import { FIXTURE_PDFS } from "../test/helpers.js";

/** The record of seed 003 whose 资金支付及时率 target is `1000百分比` (value_percent_over_100, an error). */
export const PERCENT_RECORD_SUFFIX = "-004";
/** The record of seed 003 whose project name the hostile run replaces (value_cost_not_money, in the queue). */
export const HOSTILE_RECORD_SUFFIX = "-005";
/** Markup a disclosure could carry: it must reach the page as text, never as an element. */
export const HOSTILE_NAME = '<img src=x onerror="window.__xss=1">';

export function temporaryDirectory(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Runs the pipeline over `inputs` into a fresh directory and returns it. */
export async function ingest(inputs: readonly string[] = [FIXTURE_PDFS.vertical]): Promise<string> {
  const runDir = temporaryDirectory("review-run-");
  const outcome = await runPipeline(resolveConfig({ inputs, out: runDir, progress: "none" }, {}, false));
  if (outcome.exitCode !== 0) {
    const errors = outcome.summary.documents.map((document) => `${document.path}: ${JSON.stringify(document.error)}`);
    throw new Error(`The sample run failed:\n${errors.join("\n")}`);
  }
  return runDir;
}

/** A copy of a run directory, for a test to write its decisions into. */
export function copyRun(runDir: string): string {
  const copy = temporaryDirectory("review-run-copy-");
  cpSync(runDir, copy, { recursive: true });
  return copy;
}

/** The id of the run's record whose id ends with `suffix`. */
export function recordId(runDir: string, suffix: string): string {
  const ids = readFileSync(path.join(runDir, "records.jsonl"), "utf8")
    .trimEnd()
    .split("\n")
    .map((line) => (JSON.parse(line) as { id: string }).id);
  const id = ids.find((candidate) => candidate.endsWith(suffix));
  if (!id) throw new Error(`No record ending in ${suffix} in ${runDir}`);
  return id;
}

/**
 * Plants `HOSTILE_NAME` as the project name of one queued record and as the name of its flagged cost indicator
 * (whose flag message quotes the name, so it reaches the flag list too), in every file of the run that
 * carries the record, as a disclosure with markup in its text would.
 */
export function plantHostileText(runDir: string): string {
  const id = recordId(runDir, HOSTILE_RECORD_SUFFIX);
  const plant = (value: { id?: string; project?: unknown; indicators?: Array<{ level3: string }>; flags?: Array<{ message: string }> }) => {
    if (value.id !== id) return value;
    if (typeof value.project === "string") value.project = HOSTILE_NAME;
    else if (value.project && typeof value.project === "object") (value.project as { name: string }).name = HOSTILE_NAME;
    const costIndicator = value.indicators?.[3];
    if (costIndicator) costIndicator.level3 = HOSTILE_NAME;
    if (value.flags?.[0]) value.flags[0].message = `${HOSTILE_NAME} ${value.flags[0].message}`;
    return value;
  };
  for (const name of ["records.jsonl", "flagged.jsonl"]) {
    const file = path.join(runDir, name);
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    writeFileSync(file, lines.map((line) => JSON.stringify(plant(JSON.parse(line)))).join("\n") + "\n");
  }
  for (const name of readdirSync(path.join(runDir, "documents"))) {
    const file = path.join(runDir, "documents", name);
    const result = JSON.parse(readFileSync(file, "utf8")) as { records: Array<Parameters<typeof plant>[0]> };
    result.records = result.records.map(plant);
    writeFileSync(file, JSON.stringify(result));
  }
  return id;
}
