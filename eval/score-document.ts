import type { GoldDocument, GoldIndicator } from "../schemas/gold.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import type { DocumentResult } from "../schemas/run-summary.js";
import { compareIndicatorFields } from "./compare-indicator-fields.js";
import { compareProjectFields } from "./compare-project-fields.js";
import { emptyScoreCounts } from "./empty-counts.js";
import type { FieldOutcome } from "./field-outcome.js";
import { matchIndicators } from "./match-indicators.js";
import { matchProjects } from "./match-projects.js";
import type { Mismatch } from "./mismatch.js";
import type { Matching } from "./pair-greedily.js";
import type { ScoreCounts } from "./score-counts.js";
import { scoreFlags } from "./score-flags.js";

export interface DocumentScore {
  readonly counts: ScoreCounts;
  readonly mismatches: Mismatch[];
}

/** How much a whole missed or invented item weighs in the "worst mismatches" list, against 1 per wrong field. */
const MISSED_INDICATOR_WEIGHT = 5;
const MISSED_PROJECT_WEIGHT = 10;

/**
 * Scores one document's result against its gold: projects matched (name, then amount), indicators matched
 * within each project pair, every field of every pair compared, and the raised flags compared with the gold
 * ones. A failed or missing result scores as nothing found: every gold item is a false negative.
 */
export function scoreDocument(gold: GoldDocument, result: DocumentResult | undefined): DocumentScore {
  const records = result?.status === "done" ? result.records : [];
  const counts = emptyScoreCounts();
  const mismatches: Mismatch[] = [];

  const projects = matchProjects(gold.projects, records);
  counts.projects.truePositives = projects.pairs.length;
  counts.projects.falseNegatives = projects.unmatchedGold.length;
  counts.projects.falsePositives = projects.unmatchedGot.length;

  const indicatorMatchings = new Map<number, Matching>();
  const documentSaysSo = result?.status === "done" && result.documentFlags.some((flag) => flag.severity !== "info");
  for (const pair of projects.pairs) {
    const goldProject = gold.projects[pair.gold]!;
    const record = records[pair.got]!;
    const name = goldProject.projectName;
    const headerOutcomes = compareProjectFields(goldProject, record);
    tallyFields(counts, headerOutcomes);
    const wrongHeader = headerOutcomes.filter((outcome) => !outcome.correct);
    const silent = !givesSign(record);
    if (silent) counts.silentFieldErrors += wrongHeader.length;
    if (wrongHeader.length > 0) mismatches.push(fieldMismatch("project-fields", name, "project header", wrongHeader, record));

    const indicators = matchIndicators(goldProject.indicators, record.indicators);
    indicatorMatchings.set(pair.gold, indicators);
    counts.indicators.truePositives += indicators.pairs.length;
    counts.indicators.falseNegatives += indicators.unmatchedGold.length;
    counts.indicators.falsePositives += indicators.unmatchedGot.length;
    if (silent) counts.silentErrors += indicators.unmatchedGold.length + indicators.unmatchedGot.length;
    for (const indicatorPair of indicators.pairs) {
      const goldIndicator = goldProject.indicators[indicatorPair.gold]!;
      const outcomes = compareIndicatorFields(goldIndicator, record, indicatorPair.got);
      tallyFields(counts, outcomes);
      const wrong = outcomes.filter((outcome) => !outcome.correct);
      if (silent && wrong.some((outcome) => SILENT_FIELDS.has(outcome.field))) counts.silentErrors++;
      const label = `indicator ${indicatorPair.gold + 1} "${goldIndicator.level3}"`;
      if (wrong.length > 0) mismatches.push(fieldMismatch("indicator-fields", name, label, wrong, record));
    }
    for (const goldIndex of indicators.unmatchedGold) {
      const indicator = goldProject.indicators[goldIndex]!;
      mismatches.push({
        kind: "missed-indicator",
        project: name,
        what: `indicator ${goldIndex + 1} "${indicator.level3}"`,
        gold: describeGoldIndicator(indicator),
        got: "(not extracted)",
        source: [],
        weight: MISSED_INDICATOR_WEIGHT,
      });
    }
    for (const gotIndex of indicators.unmatchedGot) {
      const indicator = record.indicators[gotIndex]!;
      mismatches.push({
        kind: "invented-indicator",
        project: name,
        what: `extracted indicator ${gotIndex + 1} "${indicator.level3}"`,
        gold: "(not in gold)",
        got: `${indicator.level1} / ${indicator.level2Raw} / ${indicator.level3} = ${indicator.value.raw}`,
        source: sources(record, [`indicators.${gotIndex}.level3`, `indicators.${gotIndex}.value`]),
        weight: MISSED_INDICATOR_WEIGHT,
      });
    }
  }

  for (const goldIndex of projects.unmatchedGold) {
    const project = gold.projects[goldIndex]!;
    counts.indicators.falseNegatives += project.indicators.length;
    // A project missed in a document that went through without a word: nobody will look for it.
    if (result?.status === "done" && !documentSaysSo) counts.silentErrors += Math.max(1, project.indicators.length);
    mismatches.push({
      kind: "missed-project",
      project: project.projectName,
      what: `project ${goldIndex + 1} (pages ${project.pages.join(", ")})`,
      gold: `${project.projectName}, ${project.totalAmount ?? "?"} ${project.moneyUnit ?? ""}, ${project.indicators.length} indicators`,
      got: result?.status === "failed" ? "(document failed)" : "(no matching record)",
      source: [],
      weight: MISSED_PROJECT_WEIGHT + project.indicators.length,
    });
  }
  for (const gotIndex of projects.unmatchedGot) {
    const record = records[gotIndex]!;
    counts.indicators.falsePositives += record.indicators.length;
    if (!givesSign(record)) counts.silentErrors += Math.max(1, record.indicators.length);
    mismatches.push({
      kind: "invented-project",
      project: record.project.name,
      what: `record ${gotIndex + 1} (pages ${record.unit.pages.join(", ")})`,
      gold: "(not in gold)",
      got: `${record.project.name}, ${record.money.total?.raw ?? "?"} ${record.money.unit ?? ""}, ${record.indicators.length} indicators`,
      source: sources(record, ["project.name"]),
      weight: MISSED_PROJECT_WEIGHT + record.indicators.length,
    });
  }

  const flags = scoreFlags(gold, records, result?.status === "done" ? result.documentFlags : [], projects, indicatorMatchings);
  counts.flags = flags.counts;
  counts.flagsByCode = flags.byCode;
  mismatches.push(...flags.mismatches);
  return { counts, mismatches };
}

/** The fields that make an indicator wrong: its place in the taxonomy, its name and its target. */
const SILENT_FIELDS: ReadonlySet<string> = new Set(["level1", "level2", "level3", "valueRaw"]);

/** A record gives a sign of doubt when it has a warning or error flag or an uncertainty: it is in the review queue. */
export function givesSign(record: ProjectRecord): boolean {
  return record.flags.some((flag) => flag.severity !== "info") || record.extraction.uncertainties.length > 0;
}

function tallyFields(counts: ScoreCounts, outcomes: readonly FieldOutcome[]): void {
  for (const outcome of outcomes) {
    const tally = counts.fields[outcome.field];
    tally.compared++;
    if (outcome.correct) tally.correct++;
  }
}

function fieldMismatch(kind: "project-fields" | "indicator-fields", project: string, label: string, wrong: readonly FieldOutcome[], record: ProjectRecord): Mismatch {
  return {
    kind,
    project,
    what: `${label}: ${wrong.map((outcome) => outcome.field).join(", ")}`,
    gold: wrong.map((outcome) => `${outcome.field}: ${outcome.gold}`).join("\n"),
    got: wrong.map((outcome) => `${outcome.field}: ${outcome.got}`).join("\n"),
    source: sources(
      record,
      wrong.map((outcome) => outcome.evidencePath),
    ),
    weight: wrong.length,
  };
}

/** The distinct source cells the record cites for these fields. */
function sources(record: ProjectRecord, paths: readonly string[]): Mismatch["source"] {
  const seen = new Set<string>();
  const found: Mismatch["source"] = [];
  for (const path of paths) {
    const evidence = record.evidence[path];
    if (!evidence) continue;
    const key = `${evidence.page}\u0000${evidence.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ page: evidence.page, text: evidence.text, box: evidence.box });
  }
  return found;
}

function describeGoldIndicator(indicator: GoldIndicator): string {
  return `${indicator.level1} / ${indicator.level2} / ${indicator.level3} = ${indicator.value} (page ${indicator.page})`;
}
