import { compareBaseline } from "./compare-baseline.js";
import type { EvalReport, MetricChange, ScopeScore } from "./eval-report.js";
import { formatRatio } from "./format-number.js";
import { escapeHtml } from "./html/escape-html.js";
import { mismatchKey, mismatchRowsHtml } from "./html/mismatch-rows.js";
import { REPORT_SCRIPT, REPORT_STYLE } from "./html/report-assets.js";
import { FIELD_LABELS } from "./render-report.js";
import type { ReviewedFlagsSummary } from "./reviewed-flag-precision.js";
import { FIELD_NAMES } from "./score-counts.js";
import { describeCode } from "../schemas/flag-catalogue.js";

export interface HtmlReportOptions {
  /** An earlier report: every metric side by side with its change, what rose and what fell, new mismatches marked. */
  readonly before?: { readonly report: EvalReport; readonly label: string } | null;
  /** The analysts' flag verdicts from `review export`: flag precision as measured on real documents. */
  readonly reviewedFlags?: ReviewedFlagsSummary | null;
  /** Page crops around cited cells (`pageCrops`), by `cropKey`. */
  readonly crops?: ReadonlyMap<string, string>;
}

/** Float noise never counts as a rise or a fall. */
const EPSILON = 1e-9;

/**
 * The eval report as one self-contained HTML file (inline CSS and script, no network, works from disk):
 * scores by family and field, flags by code, the worst mismatches with the differing characters marked and
 * the evidence cut to the cell, filters by family, document, field and kind, and, given an earlier report,
 * what rose and what fell. Every string from a document is escaped: documents are untrusted.
 */
export function renderHtmlReport(report: EvalReport, options: HtmlReportOptions = {}): string {
  const before = options.before ?? null;
  const families = [...new Set(report.documents.map((document) => document.family))].sort();
  const documents = [...new Set(report.documents.map((document) => document.name))].sort();
  const previous = before ? new Set(before.report.documents.flatMap((document) => document.mismatches.map((mismatch) => mismatchKey(document, mismatch)))) : null;
  const mismatches = mismatchRowsHtml(report.documents, previous, options.crops);
  const comparison = before ? compareBaseline(report.metrics, before.report, { file: before.label, tolerance: 0 }) : null;
  const option = (value: string, label = value) => `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`;

  const body = [
    `<header><h1>Eval report</h1><p class="muted">${escapeHtml(runLine(report))}</p></header>`,
    `<nav class="filters" aria-label="Filters">` +
      `<label>Family <select id="filter-family">${option("", "all families")}${families.map((family) => option(family)).join("")}</select></label>` +
      `<label>Document <select id="filter-document">${option("", "all documents")}${documents.map((name) => option(name)).join("")}</select></label>` +
      `<label>Field <select id="filter-field">${option("", "all fields")}${FIELD_NAMES.map((field) => option(field, `${field} · ${FIELD_LABELS[field]}`)).join("")}</select></label>` +
      `<label>Mismatch <select id="filter-kind">${option("", "all kinds")}${[...new Set(report.documents.flatMap((document) => document.mismatches.map((mismatch) => mismatch.kind)))].sort().map((kind) => option(kind)).join("")}</select></label>` +
      `<label>Search <input id="filter-text" type="search" placeholder="project, value, source text"></label>` +
      `<span class="muted" id="filter-count"></span>` +
      `</nav>`,
    comparison && before ? comparisonSection(comparison.changes, before.label, before.report) : "",
    `<section><h2>Summary by family</h2>${summaryTable(report)}</section>`,
    `<section><h2>Field accuracy</h2><p class="muted">Share of matched pairs whose field is right; hover a cell for the counts.</p>${fieldTable(report)}</section>`,
    `<section><h2>Flags by code</h2>${flagTable(report, options.reviewedFlags ?? null)}</section>`,
    `<section><h2>Documents</h2>${documentTable(report)}</section>`,
    `<section><h2>Worst mismatches</h2><p class="muted">${mismatches.shown} of ${mismatches.total}, heaviest first (a missed project outweighs a wrong field). <del>Struck</del>: only gold has it; <ins>underlined</ins>: only the pipeline's; <mark>marked</mark>: the value in the page text the record cites.</p>` +
      `<table class="mismatches"><thead><tr><th>Document</th><th>Kind</th><th>Project · item</th><th>Gold ↔ got</th><th>Evidence</th></tr></thead><tbody>${mismatches.html || '<tr><td colspan="5" class="muted">No mismatch.</td></tr>'}</tbody></table></section>`,
  ].join("\n");

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Eval report ${escapeHtml(report.createdAt)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
${body}
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

function runLine(report: EvalReport): string {
  const run = report.run;
  const commit = report.git.commit ? report.git.commit.slice(0, 12) + (report.git.dirty ? " (dirty)" : "") : "no commit";
  return `${report.createdAt} · ${commit} · extractor ${run.extractor} (${run.extractorReason}) · model ${run.model ?? "—"} · prompt ${run.promptVersion ?? "—"} · ${report.documents.length} document renditions in ${(run.durationMs / 1000).toFixed(1)} s`;
}

/** A ratio cell, coloured by how good it is, with its counts on hover. */
function ratioCell(value: number | null, title = ""): string {
  const grade = value === null ? "none" : value >= 0.995 ? "good" : value >= 0.95 ? "fair" : "poor";
  return `<td class="ratio ${grade}"${title ? ` title="${escapeHtml(title)}"` : ""}>${formatRatio(value)}</td>`;
}

const SUMMARY_HEAD = "<th>Projects F1</th><th>Indicators F1</th><th>Flags precision</th><th>Flags recall</th><th>Key header fields</th><th>Silent errors</th>";

function summaryCells(score: ScopeScore): string {
  const metrics = score.metrics;
  return (
    ratioCell(metrics.projects.f1) +
    ratioCell(metrics.indicators.f1) +
    ratioCell(metrics.flags.precision) +
    ratioCell(metrics.flags.recall) +
    ratioCell(metrics.headerFields) +
    `<td class="number${metrics.silentErrors > 0 ? " poor" : ""}">${metrics.silentErrors}</td>`
  );
}

function summaryTable(report: EvalReport): string {
  const rows = [
    ...report.overall.map((score) => `<tr class="scope overall"><th>overall</th><td>${escapeHtml(score.rendition)}</td>${summaryCells(score)}</tr>`),
    ...report.families.map(
      (score) => `<tr class="scope" data-family="${escapeHtml(score.family)}" data-rendition="${escapeHtml(score.rendition)}"><th>${escapeHtml(score.family)}</th><td>${escapeHtml(score.rendition)}</td>${summaryCells(score)}</tr>`,
    ),
  ];
  return `<table><thead><tr><th>Scope</th><th>Rendition</th>${SUMMARY_HEAD}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function fieldTable(report: EvalReport): string {
  const scopes = [
    ...report.overall.map((score) => ({ label: `overall · ${score.rendition}`, family: "", score })),
    ...report.families.map((score) => ({ label: `${score.family} · ${score.rendition}`, family: score.family, score })),
  ];
  const head = scopes.map((scope) => `<th data-family="${escapeHtml(scope.family)}">${escapeHtml(scope.label)}</th>`).join("");
  const rows = FIELD_NAMES.map((field) => {
    const cells = scopes
      .map((scope) => {
        const tally = scope.score.counts.fields[field];
        return ratioCell(scope.score.metrics.fields[field], `${tally.correct} of ${tally.compared} right`).replace("<td", `<td data-family="${escapeHtml(scope.family)}"`);
      })
      .join("");
    return `<tr data-field="${field}"><th>${escapeHtml(field)}<div class="muted">${escapeHtml(FIELD_LABELS[field])}</div></th>${cells}</tr>`;
  });
  return `<div class="wide"><table class="fields"><thead><tr><th>Field</th>${head}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

function flagTable(report: EvalReport, reviewed: ReviewedFlagsSummary | null): string {
  const overall = report.overall[0];
  const byCode = overall?.counts.flagsByCode ?? {};
  const reviewedByCode = new Map((reviewed?.byCode ?? []).map((entry) => [entry.code, entry]));
  const codes = [...new Set([...Object.keys(byCode), ...reviewedByCode.keys()])].sort();
  const ratio = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator);
  const rows = codes.map((code) => {
    const counts = byCode[code] ?? { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
    const verdicts = reviewedByCode.get(code);
    const title = describeCode(code);
    return (
      `<tr><th>${escapeHtml(code)}<div class="muted">${escapeHtml(title ? `${title.zh.title} · ${title.en.title}` : "")}</div></th>` +
      `<td class="number">${counts.truePositives}</td><td class="number">${counts.falsePositives}</td><td class="number">${counts.falseNegatives}</td>` +
      ratioCell(ratio(counts.truePositives, counts.truePositives + counts.falsePositives)) +
      ratioCell(ratio(counts.truePositives, counts.truePositives + counts.falseNegatives)) +
      (reviewed ? `<td class="number">${verdicts ? verdicts.confirmed : 0}</td><td class="number">${verdicts ? verdicts.falsePositives : 0}</td>${ratioCell(verdicts?.precision ?? null)}` : "") +
      `</tr>`
    );
  });
  const reviewedHead = reviewed ? `<th>Reviewed: confirmed</th><th>Reviewed: false positives</th><th>Reviewed precision</th>` : "";
  const note = reviewed
    ? `<p class="muted">Reviewed columns: ${reviewed.verdicts} analysts' verdicts from ${escapeHtml(reviewed.file)} (flags on real documents, not on gold); overall reviewed precision ${formatRatio(reviewed.overall.precision)}.</p>`
    : `<p class="muted">Against gold (${escapeHtml(overall?.rendition ?? "")}). Add <code>--review-flags review-flags.jsonl</code> for the precision the analysts measured.</p>`;
  return `${note}<table><thead><tr><th>Code</th><th>Right</th><th>Extra</th><th>Missed</th><th>Precision</th><th>Recall</th>${reviewedHead}</tr></thead><tbody>${rows.join("") || '<tr><td colspan="6" class="muted">No flag.</td></tr>'}</tbody></table>`;
}

function documentTable(report: EvalReport): string {
  const rows = report.documents.map(
    (document) =>
      `<tr class="document-row" data-family="${escapeHtml(document.family)}" data-document="${escapeHtml(document.name)}" data-rendition="${escapeHtml(document.rendition)}">` +
      `<th>${escapeHtml(document.name)}</th><td>${escapeHtml(document.family)}</td><td>${escapeHtml(document.rendition)}</td>` +
      `<td class="${document.status === "done" ? "" : "poor"}">${escapeHtml(document.status)}${document.error ? `<div class="muted">${escapeHtml(document.error)}</div>` : ""}</td>` +
      summaryCells(document) +
      `<td class="number">${document.mismatches.length}</td></tr>`,
  );
  return `<table><thead><tr><th>Document</th><th>Family</th><th>Rendition</th><th>Status</th>${SUMMARY_HEAD}<th>Mismatches</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/** `document:seed-000-grid/text-layer/fields.level2` → its scope's family and document, for the filters. */
function scopeOf(metric: string, report: EvalReport): { family: string; document: string } {
  const scope = metric.split("/")[0] ?? "";
  if (scope.startsWith("family:")) return { family: scope.slice("family:".length), document: "" };
  if (scope.startsWith("document:")) {
    const name = scope.slice("document:".length);
    return { family: report.documents.find((document) => document.name === name)?.family ?? "", document: name };
  }
  return { family: "", document: "" };
}

function comparisonSection(changes: readonly MetricChange[], label: string, before: EvalReport): string {
  const moved = changes.filter((change) => change.change !== null && Math.abs(change.change) > EPSILON);
  // Cost and time are "better" when lower: they are listed apart, not as rises or falls of quality.
  const quality = moved.filter((change) => change.gated && !change.metric.endsWith("silentErrors"));
  const rose = quality.filter((change) => change.change! > 0).sort((a, b) => b.change! - a.change!);
  const fell = quality.filter((change) => change.change! < 0).sort((a, b) => a.change! - b.change!);
  const other = moved.filter((change) => !quality.includes(change));
  const appeared = changes.filter((change) => change.status === "new" || change.status === "removed");
  const row = (change: MetricChange) => {
    const scope = scopeOf(change.metric, before);
    const field = /fields\.(\w+)$/.exec(change.metric)?.[1] ?? "";
    const direction = change.change === null ? "" : change.change > 0 ? "up" : "down";
    return `<tr class="metric-change" data-family="${escapeHtml(scope.family)}" data-document="${escapeHtml(scope.document)}" data-field="${escapeHtml(field)}"><th>${escapeHtml(change.metric)}</th><td class="number">${formatValue(change.baseline)}</td><td class="number">${formatValue(change.current)}</td><td class="number change ${direction}">${change.change === null ? "—" : `${change.change > 0 ? "+" : ""}${formatValue(change.change)}`}</td></tr>`;
  };
  const table = (title: string, list: readonly MetricChange[], kind: string) =>
    `<div class="side ${kind}"><h3>${escapeHtml(title)} (${list.length})</h3>${list.length === 0 ? '<p class="muted">None.</p>' : `<table><thead><tr><th>Metric</th><th>Before</th><th>After</th><th>Change</th></tr></thead><tbody>${list.map(row).join("")}</tbody></table>`}</div>`;
  return (
    `<section class="comparison"><h2>Compared with ${escapeHtml(label)}</h2><p class="muted">Before: ${escapeHtml(runLine(before))}. ${changes.length - moved.length} metrics unchanged.</p>` +
    `<div class="sides">${table("Rose", rose, "rose")}${table("Fell", fell, "fell")}</div>` +
    (other.length > 0 ? `<details><summary>Cost, time and silent errors that changed (${other.length})</summary>${table("Changed", other, "other")}</details>` : "") +
    (appeared.length > 0 ? `<details><summary>Metrics only one report has (${appeared.length})</summary><ul>${appeared.map((change) => `<li>${escapeHtml(change.metric)}: ${escapeHtml(change.status)}</li>`).join("")}</ul></details>` : "") +
    `</section>`
  );
}

function formatValue(value: number | null): string {
  if (value === null) return "—";
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}
