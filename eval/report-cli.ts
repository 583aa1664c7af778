import path from "node:path";
import { parseArgs } from "node:util";
import { writeFileAtomic } from "../pipeline/io/write-file-atomic.js";
import { compareBaseline } from "./compare-baseline.js";
import { EvalError } from "./eval-errors.js";
import type { CliStreams } from "./eval-cli.js";
import { pageCrops, PAGE_CROPS } from "./html/page-crops.js";
import { loadReport } from "./read-report.js";
import { renderHtmlReport } from "./render-html-report.js";
import { loadReviewedFlags } from "./reviewed-flag-precision.js";

export const REPORT_HELP = `Usage: eval:report [options] REPORT.json [LATER.json]

Writes the eval report as one self-contained HTML file (opens from disk, no network).
With two reports, the second is shown compared with the first: every metric before and after, what rose,
what fell, and which mismatches are new.

  --out FILE            the HTML file (default: report.html beside REPORT, compare.html beside LATER)
  --review-flags FILE   review-flags.jsonl from \`review export\`: the analysts' flag precision
  --no-crops            no page crops of the cited cells (they need the PDFs, relative to where the eval ran)
  -h, --help            this text

Exit codes: 0 written; 2 usage error or unreadable report.`;

/** How many metrics that moved the terminal lists on each side; the HTML has them all. */
const MOVES_PRINTED = 10;

/** `npm run eval:report -- A.json [B.json]`: renders the HTML report (or the comparison); returns the exit code. */
export async function runReportCli(argv: readonly string[], streams: CliStreams): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { out: { type: "string" }, "review-flags": { type: "string" }, "no-crops": { type: "boolean" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    streams.stderr.write(`eval:report: ${error instanceof Error ? error.message : String(error)}\n\n${REPORT_HELP}\n`);
    return 2;
  }
  if (parsed.values.help) {
    streams.stdout.write(`${REPORT_HELP}\n`);
    return 0;
  }
  const files = parsed.positionals.map((file) => path.resolve(file));
  if (files.length < 1 || files.length > 2) {
    streams.stderr.write(`eval:report: expected one or two report.json files, got ${files.length}\n\n${REPORT_HELP}\n`);
    return 2;
  }
  try {
    const reports = await Promise.all(files.map((file) => loadReport(file)));
    const reviewedFlags = parsed.values["review-flags"] ? await loadReviewedFlags(path.resolve(parsed.values["review-flags"])) : (reports.at(-1)!.reviewedFlags ?? null);
    const [first, second] = reports;
    const current = second ?? first!;
    const before = second ? { report: first!, label: path.relative(process.cwd(), files[0]!) || files[0]! } : null;
    const out = path.resolve(parsed.values.out ?? path.join(path.dirname(files.at(-1)!), second ? "compare.html" : "report.html"));
    // Document paths in a report are relative to where the eval ran: the repository root, as npm scripts run.
    const crops = parsed.values["no-crops"] ? new Map<string, string>() : await pageCrops(current.documents, { limit: PAGE_CROPS, baseDir: process.cwd() });
    await writeFileAtomic(out, renderHtmlReport(current, { before, reviewedFlags, crops }));
    if (before) streams.stdout.write(movesSummary(current.metrics, before.report, before.label));
    streams.stdout.write(`report: ${path.relative(process.cwd(), out) || out}\n`);
    return 0;
  } catch (error) {
    if (error instanceof EvalError) {
      streams.stderr.write(`eval:report: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** The CI-friendly part of a comparison: the largest rises and falls of quality metrics, as Markdown. */
function movesSummary(metrics: Readonly<Record<string, number | null>>, before: Parameters<typeof compareBaseline>[1], label: string): string {
  const changes = compareBaseline(metrics, before, { file: label, tolerance: 0 }).changes.filter((change) => change.gated && change.change !== null && Math.abs(change.change) > 1e-9);
  const rose = changes.filter((change) => change.change! > 0).sort((a, b) => b.change! - a.change!);
  const fell = changes.filter((change) => change.change! < 0).sort((a, b) => a.change! - b.change!);
  const line = (change: (typeof changes)[number]) => `- \`${change.metric}\` ${change.baseline?.toFixed(3)} → ${change.current?.toFixed(3)} (${change.change! > 0 ? "+" : ""}${change.change!.toFixed(3)})\n`;
  return (
    `## Compared with ${label}\n\n` +
    `Rose: ${rose.length} metrics\n${rose.slice(0, MOVES_PRINTED).map(line).join("")}\n` +
    `Fell: ${fell.length} metrics\n${fell.slice(0, MOVES_PRINTED).map(line).join("")}\n`
  );
}
