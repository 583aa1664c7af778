import type { EvalReport } from "./eval-report.js";
import { formatRatio } from "./format-number.js";
import type { FieldName } from "./score-counts.js";

const SUMMARY_FIELDS: ReadonlyArray<readonly [FieldName, string]> = [
  ["projectName", "name"],
  ["totalAmount", "money"],
  ["level1", "lvl1"],
  ["level2", "lvl2"],
  ["level3Exact", "lvl3="],
  ["level3", "lvl3~"],
  ["valueRaw", "raw"],
  ["valueParsed", "parsed"],
  ["evidencePage", "page"],
];

/**
 * What the CLI prints: one line per scope with the headline scores (`header`: accuracy of the key header fields
 * name, money unit, implementing unit, total and goals together; `silent`: wrong or missed indicators on records
 * that gave no sign of doubt), field accuracy of every field overall,
 * cost, the baseline verdict and where the reports are. The full tables are in report.md.
 */
export function renderSummary(report: EvalReport, files: { readonly json: string; readonly markdown: string }): string {
  const lines: string[] = [];
  const header = ["scope".padEnd(38), "proj F1", "ind P", "ind R", "ind F1", "header", "silent", "flag P", "flag R", ...SUMMARY_FIELDS.map(([, label]) => label)];
  lines.push(`extractor ${report.run.extractor} · model ${report.run.model ?? "—"} · prompt ${report.run.promptVersion ?? "—"} · commit ${report.git.commit?.slice(0, 12) ?? "—"}`);
  lines.push("", header.map((cell) => cell.padStart(7)).join(" "));
  const row = (label: string, score: EvalReport["overall"][number]) =>
    [
      label.padEnd(38),
      formatRatio(score.metrics.projects.f1),
      formatRatio(score.metrics.indicators.precision),
      formatRatio(score.metrics.indicators.recall),
      formatRatio(score.metrics.indicators.f1),
      formatRatio(score.metrics.headerFields),
      String(score.metrics.silentErrors),
      formatRatio(score.metrics.flags.precision),
      formatRatio(score.metrics.flags.recall),
      ...SUMMARY_FIELDS.map(([field]) => formatRatio(score.metrics.fields[field])),
    ]
      .map((cell) => cell.padStart(7))
      .join(" ");
  for (const entry of report.overall) lines.push(row(`overall · ${entry.rendition}`, entry));
  for (const entry of report.families) lines.push(row(`${entry.family} · ${entry.rendition}`, entry));
  for (const entry of report.documents) lines.push(row(`${entry.name} · ${entry.rendition}${entry.status === "done" ? "" : ` (${entry.status})`}`, entry));

  for (const entry of report.overall) {
    const compared = Object.values(entry.counts.fields).some((tally) => tally.compared > 0);
    lines.push("", `field accuracy, overall · ${entry.rendition}:${compared ? "" : " nothing to compare (no project matched gold)"}`);
    if (compared) {
      for (const [field, value] of Object.entries(entry.metrics.fields)) {
        const tally = entry.counts.fields[field as FieldName];
        lines.push(`  ${field.padEnd(18)} ${formatRatio(value)}  (${tally.correct}/${tally.compared})`);
      }
    }
    const cost = entry.cost;
    lines.push(
      `cost · ${entry.rendition}: ${cost.llmCalls} LLM calls (${cost.cacheHits} cached), ${cost.promptTokens} tokens in (${cost.billedCachedPromptTokens} from the prompt cache), ${cost.completionTokens} out, ` +
        `${entry.priceUsd === null ? "price unknown" : `$${entry.priceUsd.toFixed(4)}`}, ${(cost.durationMs / Math.max(1, cost.documents) / 1000).toFixed(2)} s per document`,
    );
  }
  if (report.price.note) lines.push(`price: ${report.price.note}`);
  for (const document of report.documents.filter((candidate) => candidate.error)) lines.push(`failed ${document.name} · ${document.rendition}: ${document.error}`);

  const baseline = report.baseline;
  if (baseline) {
    lines.push("");
    if (baseline.regressions === 0) {
      lines.push(`baseline ${baseline.file}: PASS (no quality metric dropped by more than ${baseline.tolerance})`);
    } else {
      lines.push(`baseline ${baseline.file}: FAIL, ${baseline.regressions} metric(s) dropped by more than ${baseline.tolerance}:`);
      for (const change of baseline.changes.filter((candidate) => candidate.status === "regressed")) {
        lines.push(`  ${change.metric}: ${formatRatio(change.baseline)} → ${formatRatio(change.current)}`);
      }
    }
  }
  lines.push("", `reports: ${files.markdown}, ${files.json}`);
  return lines.join("\n") + "\n";
}
