import type { ExtractedIndicator, ExtractedProject } from "../../../schemas/extracted-project.js";
import type { ProjectUnit } from "../../../schemas/project-unit.js";
import { compact } from "../../domain/cell-text.js";
import { plainDecimal, targetText } from "../../domain/indicator-extras.js";
import { DEFAULT_OCR_MIN_CONFIDENCE } from "../../config.js";
import { doubtfulReadings } from "../../domain/doubtful-readings.js";
import { groundEvidence } from "../../domain/ground-evidence.js";
import { toFen } from "../../domain/money.js";
import { parseTargetValue } from "../../domain/parse-target-value.js";
import { roleOfHeaderText } from "../../domain/column-roles.js";
import { matchLevel1, matchLevel2, parentOfLevel2, splitLevel2 } from "../../domain/taxonomy.js";
import { kindOfHeader, readTableHeader, type TableHeader } from "../../tables/read-table-header.js";

/** How far a rules reading can be trusted, and the checks that lowered it. */
export interface ReadingJudgement {
  /** 0–1: the product of the factors of the checks that failed. */
  readonly confidence: number;
  /** One sentence per failed check, for the record's uncertainties and the review queue. */
  readonly doubts: string[];
}

export interface JudgeOptions {
  /** A checked value OCR read with a character below this is in doubt (`PipelineConfig.ocr.minConfidence`). @default 0.9 */
  readonly ocrMinConfidence?: number;
}

interface Check {
  readonly factor: number;
  readonly doubt: string;
}

/**
 * Judges a rules reading by checks that do not depend on how it was read: whether every column of the table has
 * a known role, whether the values look like targets (not weights, labels or names), whether weights add up,
 * whether level 2s belong to their level 1s, whether the header fields are there and the money adds up. A
 * reading that fails them is unsure however confident the reader was: `auto` sends it to the model, `rules`
 * flags it.
 */
export function judgeReading(unit: ProjectUnit, project: ExtractedProject, options: JudgeOptions = {}): ReadingJudgement {
  const checks = [
    ...ocrReadingsSure(unit, project, options.ocrMinConfidence ?? DEFAULT_OCR_MIN_CONFIDENCE),
    ...unknownColumns(unit),
    ...valuesLikeTargets(project.indicators),
    ...weightsAddUp(unit, project.indicators),
    ...levelsBelong(project.indicators),
    ...headerFieldsFound(unit, project),
    ...indicatorTextRead(unit, project),
    ...moneyAddsUp(project),
  ];
  const confidence = checks.reduce((product, check) => product * check.factor, 1);
  return { confidence: Math.round(confidence * 1000) / 1000, doubts: checks.map((check) => check.doubt) };
}

/**
 * On a scanned page, the values the reading rests on were read with confidence: a target, amount, name or
 * code with a character the OCR engine was unsure of (or with room in its box for a glyph it did not read)
 * may be a misread that no other check can see (`<0.8万元` for `≤0.8万元` parses as well as the truth).
 */
function ocrReadingsSure(unit: ProjectUnit, project: ExtractedProject, minConfidence: number): Check[] {
  // A unit read from a text layer has no OCR reading to doubt: grounding its evidence here would be wasted.
  if (![...unit.rows, ...unit.contextRows].some((row) => row.cells.some((cell) => cell.ocr))) return [];
  const doubtful = doubtfulReadings(groundEvidence(unit, project), minConfidence);
  if (doubtful.length === 0) return [];
  const first = doubtful[0]!;
  const why = first.lowConfidence ? `read at confidence ${first.evidence.ocrConfidence}` : first.doubts[0]!;
  return [{ factor: 0.5, doubt: `OCR is unsure of ${doubtful.length} value${doubtful.length === 1 ? "" : "s"} (e.g. ${first.path} in "${first.evidence.text.replace(/\s+/gu, " ").slice(0, 40)}", ${why}; threshold ${minConfidence})` }];
}

function headersOf(unit: ProjectUnit): TableHeader[] {
  const rows = [...unit.contextRows, ...unit.rows];
  return rows.flatMap((row, index) => {
    const header = readTableHeader(row, rows[index - 1]);
    return header && kindOfHeader(header) !== null ? [header] : [];
  });
}

/** Columns the vocabulary does not know are kept by name; each one is a column whose meaning is a guess. */
function unknownColumns(unit: ProjectUnit): Check[] {
  const names = [...new Set(headersOf(unit).flatMap((header) => header.columns.filter((column) => column.role === "other").map((column) => column.name)))];
  return names.map((name) => ({ factor: 0.85, doubt: `the table has a column "${name}" whose role is unknown (kept as an extra field)` }));
}

/**
 * A target reads as one: a number with a unit or comparator, a period, or a short qualitative word. A bare small
 * integer with no unit and no comparator is what a weight or a score looks like; a long text or a level name
 * is a label or a name that slipped into the value column.
 */
function valuesLikeTargets(indicators: readonly ExtractedIndicator[]): Check[] {
  const filled = indicators.filter((indicator) => indicator.value.trim() !== "");
  if (filled.length === 0) return [];
  const odd = filled.filter((indicator) => !looksLikeTarget(indicator));
  const sameAsWeight = filled.filter((indicator) => indicator.weight !== null && compact(indicator.weight) === compact(indicator.value));
  const checks: Check[] = [];
  if (odd.length > 0 && odd.length / filled.length > 0.2) {
    checks.push({ factor: 0.5, doubt: `${odd.length} of ${filled.length} values do not read as targets (e.g. "${odd[0]!.value}" for "${odd[0]!.level3}")` });
  }
  if (sameAsWeight.length > 1 && sameAsWeight.length / filled.length > 0.3) {
    checks.push({ factor: 0.5, doubt: `${sameAsWeight.length} of ${filled.length} values equal their weights: the value column may be the weight column` });
  }
  return checks;
}

function looksLikeTarget(indicator: ExtractedIndicator): boolean {
  const text = targetText(indicator);
  const parsed = parseTargetValue(text);
  // A level name, a column name or the indicator's own name in the value column is a slipped cell.
  if (matchLevel1(text) !== null || matchLevel2(text) !== null || /指标$/u.test(compact(text)) || roleOfHeaderText(text) !== null) return false;
  if (compact(text) === compact(indicator.level3)) return false;
  if (parsed.kind === "numeric") return parsed.unit !== null || parsed.comparator !== null || parsed.rate !== null || parsed.approximate || !/^\d{1,2}$/u.test(compact(text));
  // Qualitative targets may be a word (显著) or, in some templates, a sentence (优化网络环境，保障各项工作正常运转).
  return true;
}

/**
 * Weights, where the table has them, add up to 100 or to the total its header states (`分值权重（90）`);
 * some templates weigh only the level 1s, leaving the rest empty, which is no failure.
 */
function weightsAddUp(unit: ProjectUnit, indicators: readonly ExtractedIndicator[]): Check[] {
  const weighted = indicators.filter((indicator) => indicator.weight !== null && indicator.weight.trim() !== "");
  if (weighted.length === 0) return [];
  const numbers = weighted.map((indicator) => plainDecimal(indicator.weight!));
  if (numbers.some((number) => number === null)) {
    const bad = weighted.find((indicator, index) => numbers[index] === null)!;
    return [{ factor: 0.6, doubt: `the weight "${bad.weight}" of "${bad.level3}" is not a number` }];
  }
  const totalHundredths = numbers.reduce((sum, number) => sum + (toFen(number!, "元") ?? 0), 0);
  const stated = headersOf(unit).flatMap((header) => header.columns.flatMap((column) => (column.statedTotal ? [column.statedTotal] : [])))[0] ?? null;
  const expected = [toFen("100", "元")!, ...(stated ? [toFen(stated, "元")!] : [])];
  if (expected.includes(totalHundredths)) return [];
  const total = (totalHundredths / 100).toFixed(2).replace(/\.?0+$/u, "");
  return [{ factor: 0.6, doubt: `the weights add up to ${total}, not ${stated ? `the stated ${stated} or 100` : "100"}: a weight may be misread or a row missed` }];
}

/** Level 2s of the taxonomy under another level 1 are a sign of a misplaced row or a shifted column. */
function levelsBelong(indicators: readonly ExtractedIndicator[]): Check[] {
  const misplaced = indicators.filter((indicator) => {
    const level1 = matchLevel1(indicator.level1);
    const parent = parentOfLevel2(splitLevel2(indicator.level2).name);
    return level1 !== null && parent !== null && parent !== level1 && !(level1 === "成本指标" && parent === "产出指标");
  });
  if (misplaced.length === 0) return [];
  return [{ factor: 0.6, doubt: `${misplaced.length} indicator${misplaced.length === 1 ? "" : "s"} have a level 2 that belongs under another level 1 (e.g. ${misplaced[0]!.level1} / ${misplaced[0]!.level2})` }];
}

/** A unit whose name is missing, or that has neither money nor goals nor indicators, was not read as its table. */
function headerFieldsFound(unit: ProjectUnit, project: ExtractedProject): Check[] {
  const checks: Check[] = [];
  if (project.projectName.trim() === "") checks.push({ factor: 0.3, doubt: `no ${unit.kind === "department" ? "部门名称" : "项目名称"} was found` });
  const hasMoney = project.totalAmount !== null || project.fiscalAmount !== null;
  if (!hasMoney && project.goals === null && project.indicators.length === 0) checks.push({ factor: 0.5, doubt: "neither money, goals nor indicators were found" });
  return checks;
}

/**
 * A unit whose text names the indicator levels (产出指标, 数量指标 …) as cells or lines of their own holds
 * indicators; reading none of them there is a reading that missed its table, not a project without targets
 * (a project stated in prose names no level).
 */
function indicatorTextRead(unit: ProjectUnit, project: ExtractedProject): Check[] {
  if (project.indicators.length > 0) return [];
  // A level name as a cell of its own, or opening a line that runs it together with the rest (`产出指标—数量指标—…`).
  const levelNames = new Set(
    unit.rows
      .flatMap((row) => row.cells.map((cell) => compact(cell.text)))
      .flatMap((text) => [text, LEADING_LEVEL.exec(text)?.[1] ?? ""])
      .filter((text) => text !== "" && (matchLevel1(text) !== null || matchLevel2(text) !== null)),
  );
  if (levelNames.size < 2) return [];
  return [{ factor: 0.3, doubt: `the unit's text names indicator levels (${[...levelNames].slice(0, 3).join("、")} …) but no indicator was read from it` }];
}

const LEADING_LEVEL = /^(?:[一二三四五六七八九十]+[、.．])?([\u4e00-\u9fff]{2,8}指标)[—\-－:：、|/]/u;

/** 财政拨款 + 上年结转 + 其他资金 = 年度资金总额, and 基本支出 + 项目支出 = 资金总额, where all are given. */
function moneyAddsUp(project: ExtractedProject): Check[] {
  const unit = project.moneyUnit;
  if (unit === null || project.totalAmount === null) return [];
  const fen = (text: string | null) => (text === null ? null : toFen(text, unit));
  const total = fen(project.totalAmount);
  const parts = [project.fiscalAmount, project.carryoverAmount, project.otherAmount].filter((part): part is string => part !== null);
  const split = [project.basicExpenditure, project.projectExpenditure].filter((part): part is string => part !== null);
  const checks: Check[] = [];
  for (const [group, label] of [[parts, "the funding sources"], [split, "基本支出 and 项目支出"]] as const) {
    if (group.length < 2 || total === null) continue;
    const values = group.map(fen);
    if (values.some((value) => value === null)) continue;
    const sum = values.reduce((a, b) => a! + b!, 0)!;
    if (sum !== total) checks.push({ factor: 0.7, doubt: `${label} do not add up to the total ${project.totalAmount}: a money cell may be misread` });
  }
  return checks;
}
