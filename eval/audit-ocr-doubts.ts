#!/usr/bin/env -S npx tsx
import { readdirSync } from "node:fs";
import path from "node:path";
import { packageRoot } from "../pipeline/io/package-root.js";
import { readDocumentResult } from "../pipeline/write-outputs.js";
import type { GoldDocument } from "../schemas/gold.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import { compareIndicatorFields } from "./compare-indicator-fields.js";
import { compareProjectFields } from "./compare-project-fields.js";
import { loadAllGold } from "./load-gold.js";
import { matchIndicators } from "./match-indicators.js";
import { matchProjects } from "./match-projects.js";
import { KEY_HEADER_FIELDS } from "./score-counts.js";
import { givesSign } from "./score-document.js";

/**
 * Dev tool: how well the OCR doubt flags (`ocr_low_confidence`, `ocr_glyph_missing`) point at the wrong values
 * of an eval run, value by value rather than record by record (the eval's silent count is per record: one
 * noisy flag on a record hides every error on it).
 *
 *   npx tsx eval/audit-ocr-doubts.ts EVAL_OUT_DIR [--list]
 *
 * Per family: wrong values (indicator level 1/2/3 and target, key header fields), how many of them carry an
 * OCR flag on their own field (recall), how many OCR flags sit on a right value (precision), and how many
 * wrong values are on records with no sign of doubt at all (the eval's silent errors).
 */
const OCR_CODES = new Set(["ocr_low_confidence", "ocr_glyph_missing"]);
const INDICATOR_FIELDS = new Set(["level1", "level2", "level3", "valueRaw"]);
const HEADER_FIELDS: ReadonlySet<string> = new Set(KEY_HEADER_FIELDS);

interface Tally {
  wrong: number;
  wrongFlagged: number;
  wrongSilent: number;
  flags: number;
  flagsOnWrong: number;
  lowConfidence: number;
}

const root = packageRoot(import.meta.url);
const [outDir, ...rest] = process.argv.slice(2);
if (!outDir) {
  process.stderr.write("usage: audit-ocr-doubts EVAL_OUT_DIR [--list]\n");
  process.exit(2);
}
const list = rest.includes("--list");
const gold = ["fixtures/gold", "fixtures/variants/gold"].flatMap((dir) => loadAllGold(path.join(root, dir)));
const goldByFile = new Map<string, GoldDocument>(gold.map((document) => [path.basename(document.fixture), document]));
const tallies = new Map<string, Tally>();
const documentsDir = path.join(outDir, "run", "documents");

for (const file of readdirSync(documentsDir).filter((name) => name.endsWith(".json"))) {
  const result = await readDocumentResult(path.join(documentsDir, file));
  if (!result || result.status !== "done" || !result.path.includes("pdf-scanned")) continue;
  const document = goldByFile.get(path.basename(result.path));
  if (!document) continue;
  const tally = (tallies.get(document.family) ?? tallies.set(document.family, { wrong: 0, wrongFlagged: 0, wrongSilent: 0, flags: 0, flagsOnWrong: 0, lowConfidence: 0 }).get(document.family))!;
  const name = path.basename(result.path, ".pdf");
  const projects = matchProjects(document.projects, result.records);
  const matched = new Set(projects.pairs.map((pair) => pair.got));
  for (const pair of projects.pairs) {
    const record = result.records[pair.got]!;
    const goldProject = document.projects[pair.gold]!;
    const flagged = ocrFlagPaths(record);
    const wrongPaths = new Set<string>();
    const count = (what: string, evidencePath: string, goldText: string, gotText: string) => {
      const onField = flagged.has(fieldKey(evidencePath));
      tally.wrong++;
      if (onField) tally.wrongFlagged++;
      if (!givesSign(record)) tally.wrongSilent++;
      wrongPaths.add(fieldKey(evidencePath));
      if (list) process.stdout.write(`${onField ? "FLAGGED" : givesSign(record) ? "record " : "SILENT "} ${name} | ${goldProject.projectName.slice(0, 16)} | ${what} | gold ${goldText} | got ${gotText}\n`);
    };
    for (const outcome of compareProjectFields(goldProject, record)) {
      if (!outcome.correct && HEADER_FIELDS.has(outcome.field)) count(outcome.field, outcome.evidencePath, outcome.gold, outcome.got);
    }
    const indicators = matchIndicators(goldProject.indicators, record.indicators);
    for (const indicatorPair of indicators.pairs) {
      const wrong = compareIndicatorFields(goldProject.indicators[indicatorPair.gold]!, record, indicatorPair.got).filter((outcome) => !outcome.correct && INDICATOR_FIELDS.has(outcome.field));
      for (const outcome of wrong) count(outcome.field, outcome.evidencePath, outcome.gold, outcome.got);
    }
    for (const index of indicators.unmatchedGold) count("missed indicator", "(none)", document.projects[pair.gold]!.indicators[index]!.level3, "-");
    for (const index of indicators.unmatchedGot) count("invented indicator", `indicators.${index}.level3`, "-", record.indicators[index]!.level3);
    for (const flag of record.flags) {
      if (!OCR_CODES.has(flag.code)) continue;
      tally.flags++;
      if (flag.code === "ocr_low_confidence") tally.lowConfidence++;
      const onWrong = wrongPaths.has(fieldKey(flag.path));
      if (onWrong) tally.flagsOnWrong++;
      else if (list) process.stdout.write(`NOISE   ${name} | ${goldProject.projectName.slice(0, 16)} | ${flag.code} ${flag.path} | ${flag.evidence?.ocrConfidence ?? ""} | ${(flag.evidence?.text ?? "").replace(/\s+/gu, " ").slice(0, 40)}\n`);
    }
  }
  result.records.forEach((record, index) => {
    if (matched.has(index)) return;
    tally.wrong++;
    if (!givesSign(record)) tally.wrongSilent++;
    if (list) process.stdout.write(`${givesSign(record) ? "record " : "SILENT "} ${name} | invented project ${record.project.name}\n`);
  });
  for (const index of projects.unmatchedGold) {
    tally.wrong++;
    if (list) process.stdout.write(`MISSED  ${name} | project ${document.projects[index]!.projectName}\n`);
  }
}

const ratio = (a: number, b: number) => (b === 0 ? "–" : (a / b).toFixed(3));
process.stdout.write("family | wrong values | flagged on the field (recall) | silent (record has no sign) | OCR flags | on a wrong value (precision) | ocr_low_confidence\n");
for (const [family, tally] of [...tallies].sort()) {
  process.stdout.write(`${family} | ${tally.wrong} | ${tally.wrongFlagged} (${ratio(tally.wrongFlagged, tally.wrong)}) | ${tally.wrongSilent} | ${tally.flags} | ${tally.flagsOnWrong} (${ratio(tally.flagsOnWrong, tally.flags)}) | ${tally.lowConfidence}\n`);
}

/** A value split over comparator, number and unit cells is one field. */
function fieldKey(evidencePath: string): string {
  return evidencePath.replace(/\.(?:valueComparator|valueUnit)$/u, ".value");
}

function ocrFlagPaths(record: ProjectRecord): Set<string> {
  return new Set(record.flags.filter((flag) => OCR_CODES.has(flag.code)).map((flag) => fieldKey(flag.path)));
}
