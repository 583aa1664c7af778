import type { EvalReport, ScopeScore } from "./eval-report.js";
import { formatRatio } from "./format-number.js";
import type { Mismatch } from "./mismatch.js";
import { FIELD_NAMES, type DetectionCounts, type FieldName } from "./score-counts.js";

/** How many of the worst mismatches the Markdown report shows; report.json has them all. */
export const WORST_MISMATCHES_SHOWN = 30;

const FIELD_LABELS: Record<FieldName, string> = {
  kind: "project or department form",
  projectName: "项目名称 project name",
  projectCode: "项目编码 code",
  projectAttribute: "项目属性 attribute",
  projectPeriod: "项目期 period",
  department: "主管部门 department",
  implementingUnit: "实施单位 implementing unit",
  moneyUnit: "money unit (万元/元)",
  fundUse: "资金用途 fund use",
  goals: "年度总体目标 goals",
  longTermGoals: "项目总目标 long-term goals",
  spendingSchedule: "资金支出计划 schedule",
  totalAmount: "年度资金总额 total (分)",
  fiscalAmount: "财政拨款 fiscal (分)",
  carryoverAmount: "上年结转资金 carry-over (分)",
  otherAmount: "其他资金 other (分)",
  projectExpenditure: "项目支出 project spending (分)",
  basicExpenditure: "基本支出 basic spending (分)",
  level1: "一级指标 level 1",
  level2: "二级指标 level 2",
  level3Exact: "三级指标 level 3, exact",
  level3: "三级指标 level 3, whitespace ignored",
  valueRaw: "指标值 raw value",
  valueParsed: "指标值 parsed value",
  description: "绩效指标描述 description",
  basis: "指标值确定依据 basis",
  weight: "权重 / 分值 weight",
  evidencePage: "evidence page of level 3",
};

/**
 * The report people read: what ran, the scores per scope (overall, layout family, document) with the
 * renditions side by side, field accuracy, flags by code, cost and speed, the change against a baseline,
 * and the worst mismatches with gold, what the pipeline produced and the source text it cites.
 */
export function renderReport(report: EvalReport): string {
  const lines: string[] = [];
  const run = report.run;
  lines.push("# Eval report", "");
  lines.push(
    `Generated ${report.createdAt} on commit ${report.git.commit ? `\`${report.git.commit.slice(0, 12)}\`` : "(unknown: no git)"}` +
      (report.git.dirty ? " with uncommitted changes" : "") +
      ".",
  );
  lines.push(
    `Extractor **${run.extractor}** (${run.extractorReason}); model ${run.model ?? "—"}; endpoint ${run.endpoint ?? "—"}; prompt ${run.promptVersion ?? "—"}; response cache ${run.cache ? "on" : "off"}.`,
  );
  lines.push(
    `${report.documents.length} document renditions in ${(run.durationMs / 1000).toFixed(1)} s (${run.documentConcurrency} at a time); ${run.llmRequests} LLM requests, ${run.llmCacheHits} cache hits, ${run.llmRetries} retries. Pipeline output: \`${run.runDir}\`.`,
  );
  lines.push("", "Precision, recall and F1 count matched items (projects by name, then amount; indicators by level 1, level 2 and the most similar level-3 name). Field accuracy is over matched pairs only (a field both sides leave empty counts as right); text is compared with whitespace removed except in the exact level-3 row, money in 分. Counts are summed over documents (micro-average).", "");

  lines.push("## Scores", "");
  lines.push(table(
    ["scope", "rendition", "projects P", "projects R", "projects F1", "indicators P", "indicators R", "indicators F1", "flags P", "flags R", "flags F1"],
    scopes(report).map(({ label, rendition, score }) => [
      label,
      rendition,
      ...detectionCells(score.counts.projects, score.metrics.projects),
      ...detectionCells(score.counts.indicators, score.metrics.indicators),
      ...detectionCells(score.counts.flags, score.metrics.flags),
    ]),
  ));

  const summaryScopes = scopes(report).filter((entry) => !entry.isDocument);
  lines.push("", "## Field accuracy", "");
  lines.push(fieldTable(summaryScopes));
  lines.push("", "### Per document", "");
  lines.push(fieldTable(scopes(report).filter((entry) => entry.isDocument)));

  lines.push("", "## Flags by code", "");
  const codes = [...new Set(report.overall.flatMap((entry) => Object.keys(entry.counts.flagsByCode)))].sort();
  lines.push(
    codes.length === 0
      ? "No flags expected and none raised."
      : table(
          ["code", ...report.overall.flatMap((entry) => [`${entry.rendition} TP`, "FP", "FN"])],
          codes.map((code) => [
            code,
            ...report.overall.flatMap((entry) => {
              const counts = entry.counts.flagsByCode[code];
              return counts ? [String(counts.truePositives), String(counts.falsePositives), String(counts.falseNegatives)] : ["0", "0", "0"];
            }),
          ]),
        ),
  );

  lines.push("", "## Cost and speed", "");
  lines.push(table(
    ["scope", "rendition", "status", "LLM calls", "cache hits", "tokens in", "prompt-cache hit", "tokens out", "est. price (USD)", "prompt-cache saving (USD)", "wall time / document"],
    scopes(report).map(({ label, rendition, score, status }) => [
      label,
      rendition,
      status,
      String(score.cost.llmCalls),
      String(score.cost.cacheHits),
      String(score.cost.promptTokens),
      promptCacheShare(score.cost.billedCachedPromptTokens, score.cost.billedPromptTokens),
      String(score.cost.completionTokens),
      score.priceUsd === null ? "unknown" : `$${score.priceUsd.toFixed(4)}`,
      score.cacheSavingUsd === null ? "unknown" : `$${score.cacheSavingUsd.toFixed(4)}`,
      score.cost.documents === 0 ? "—" : `${(score.cost.durationMs / score.cost.documents / 1000).toFixed(2)} s`,
    ]),
  ));
  const price = report.price;
  lines.push(
    "",
    price.note
      ? `Price: ${price.note} (table \`${price.table}\`).`
      : price.price
        ? `Price: ${price.priceModel} at $${price.price.inputPerMillion} / $${price.price.outputPerMillion} per 1M input / output tokens, $${price.price.cachedInputPerMillion ?? price.price.inputPerMillion} per 1M input tokens the provider's prompt cache served (table \`${price.table}\`), on tokens billed in this run (response-cache hits excluded). The prompt-cache hit is the share of billed input tokens the provider reported as \`cached_tokens\`.`
        : `Price: no model was called, so nothing was billed.`,
    "Wall time is per document as the pipeline measured it; documents run concurrently, so their sum exceeds the run's time.",
  );

  const failures = report.documents.filter((document) => document.error !== null);
  if (failures.length > 0) {
    lines.push("", "## Failed documents", "");
    for (const document of failures) lines.push(`- **${document.name}** (${document.rendition}): ${escapeInline(document.error ?? "")}`);
  }

  if (report.baseline) lines.push("", ...renderBaseline(report.baseline));

  lines.push("", "## Worst mismatches", "");
  const worst = report.documents
    .flatMap((document) => document.mismatches.map((mismatch) => ({ document, mismatch })))
    .sort((a, b) => b.mismatch.weight - a.mismatch.weight)
    .slice(0, WORST_MISMATCHES_SHOWN);
  const total = report.documents.reduce((sum, document) => sum + document.mismatches.length, 0);
  lines.push(
    worst.length === 0
      ? "None: every matched field agrees with gold, and nothing was missed or invented."
      : `The ${worst.length} heaviest of ${total} (a missed or invented project first, then missed or invented indicators, then by the number of wrong fields; all are in report.json).\n\n` +
          table(
            ["document", "project", "what", "gold", "got", "source text (record evidence)"],
            worst.map(({ document, mismatch }) => [
              `${document.name} (${document.rendition})`,
              mismatch.project,
              `${mismatch.kind}: ${mismatch.what}`,
              mismatch.gold,
              mismatch.got,
              sourceCell(mismatch),
            ]),
          ),
  );
  return lines.join("\n") + "\n";
}

interface ScopeRow {
  readonly label: string;
  readonly rendition: string;
  readonly score: ScopeScore;
  readonly status: string;
  readonly isDocument: boolean;
}

/** Overall, then each family, then each document; within a scope the renditions sit next to each other. */
function scopes(report: EvalReport): ScopeRow[] {
  const rows: ScopeRow[] = report.overall.map((entry) => ({ label: "**overall**", rendition: entry.rendition, score: entry, status: "", isDocument: false }));
  const families = [...new Set(report.families.map((entry) => entry.family))];
  for (const family of families) {
    for (const entry of report.families.filter((candidate) => candidate.family === family)) {
      rows.push({ label: `family ${family}`, rendition: entry.rendition, score: entry, status: "", isDocument: false });
    }
  }
  const names = [...new Set(report.documents.map((document) => document.name))];
  for (const name of names) {
    for (const document of report.documents.filter((candidate) => candidate.name === name)) {
      rows.push({ label: name, rendition: document.rendition, score: document, status: document.status, isDocument: true });
    }
  }
  return rows;
}

function fieldTable(rows: readonly ScopeRow[]): string {
  return table(
    ["field", ...rows.map((row) => `${row.label.replaceAll("**", "")} · ${row.rendition}`)],
    FIELD_NAMES.map((field) => [
      FIELD_LABELS[field],
      ...rows.map((row) => {
        const tally = row.score.counts.fields[field];
        return tally.compared === 0 ? "—" : `${formatRatio(row.score.metrics.fields[field])} (${tally.correct}/${tally.compared})`;
      }),
    ]),
  );
}

function detectionCells(counts: DetectionCounts, metrics: { precision: number | null; recall: number | null; f1: number | null }): string[] {
  const found = counts.truePositives + counts.falsePositives;
  const expected = counts.truePositives + counts.falseNegatives;
  return [
    `${formatRatio(metrics.precision)} (${counts.truePositives}/${found})`,
    `${formatRatio(metrics.recall)} (${counts.truePositives}/${expected})`,
    formatRatio(metrics.f1),
  ];
}

function renderBaseline(baseline: NonNullable<EvalReport["baseline"]>): string[] {
  const lines = ["## Change against the baseline", ""];
  lines.push(
    `Baseline \`${baseline.file}\` of ${baseline.baselineCreatedAt}${baseline.baselineCommit ? ` (commit \`${baseline.baselineCommit.slice(0, 12)}\`)` : ""}; tolerance ${baseline.tolerance}.`,
    "",
    baseline.regressions > 0
      ? `**FAIL: ${baseline.regressions} quality metric(s) dropped by more than ${baseline.tolerance}.**`
      : `**PASS: no quality metric dropped by more than ${baseline.tolerance}.**`,
    "",
  );
  const row = (change: (typeof baseline.changes)[number]) => [
    change.metric,
    formatRatioOrCount(change.baseline),
    formatRatioOrCount(change.current),
    change.change === null ? "—" : `${change.change > 0 ? "+" : ""}${formatRatioOrCount(change.change)}`,
    change.status + (change.gated ? "" : " (not gated)"),
  ];
  const header = ["metric", "baseline", "now", "change", "status"];
  const moved = baseline.changes.filter((change) => change.status !== "unchanged");
  const order = { regressed: 0, removed: 1, changed: 2, improved: 3, new: 4, unchanged: 5 } as const;
  moved.sort((a, b) => order[a.status] - order[b.status] || a.metric.localeCompare(b.metric));
  lines.push(moved.length === 0 ? "Every metric is unchanged." : table(header, moved.map(row)));
  lines.push("", `<details><summary>All ${baseline.changes.length} metrics</summary>`, "", table(header, baseline.changes.map(row)), "", "</details>");
  return lines;
}

function formatRatioOrCount(value: number | null): string {
  if (value === null) return "—";
  return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) < 0.01 ? 4 : 3);
}

function sourceCell(mismatch: Mismatch): string {
  if (mismatch.source.length === 0) return "—";
  return mismatch.source.map((source) => `p.${source.page}: ${source.text}`).join("\n");
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(" | ")} |`;
  return [line(header), `|${header.map(() => " --- ").join("|")}|`, ...rows.map(line)].join("\n");
}

/** A table cell: pipes escaped, line breaks as <br> so a wrapped source cell stays in its row. */
function escapeCell(text: string): string {
  return escapeInline(text).replace(/\r?\n/g, "<br>");
}

function escapeInline(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** The share of billed input tokens served from the provider's prompt cache, or "—" when nothing was billed. */
function promptCacheShare(cached: number, billed: number): string {
  return billed === 0 ? "—" : `${((100 * cached) / billed).toFixed(1)} %`;
}
