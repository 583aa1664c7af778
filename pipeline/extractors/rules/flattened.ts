import { NO_INDICATOR_EXTRAS, type ExtractedIndicator, type ExtractedProject } from "../../../schemas/extracted-project.js";
import type { Cell, Row } from "../../../schemas/layout.js";
import type { DocumentContext, ProjectUnit } from "../../../schemas/project-unit.js";
import { compact } from "../../domain/cell-text.js";
import { splitAtLabels } from "../../domain/field-labels.js";
import { LEVEL1_NAMES, LEVEL2_NAMES, matchLevel2 } from "../../domain/taxonomy.js";
import { keptColumns, readLineHeader, readStackedHeader } from "../../tables/read-line-header.js";
import { columnOfRole, headerColumnOf, readTableHeader, type HeaderColumn, type TableHeader } from "../../tables/read-table-header.js";
import { cleanLevelName } from "./clean-level-name.js";
import { describeRow } from "./describe-row.js";
import { isTrailerRow } from "./indicator-rows.js";
import { isLevelPathRow, readLevelPathLine, readLevelPathLines } from "./level-path-lines.js";
import { placeIndicatorRow } from "./place-indicator-row.js";
import { projectFromForm } from "./project-from-form.js";
import { readKeyFields, type KeyFields } from "./read-key-fields.js";
import type { RulesResult } from "./rules-result.js";
import { splitListItem, splitTrailingWord } from "./split-list-item.js";
import { isSectionHeading, readStackedLines } from "./stacked-lines.js";

/**
 * Reads a form whose borders a conversion lost, line by line. Label lines (`项目名称：某某 主管部门：某局`)
 * are read like a form's cells, with labels found inside run-together text; a label whose value wraps goes
 * on over the lines after it. Below the indicator header line, a line whose parts still sit in the header's
 * columns is placed by column; a line whose cells ran together is read by vocabulary: the known level-1 and
 * level-2 names at its start, then the indicator's name and its target value (as in a row list's items).
 */
export function extractFlattened(unit: ProjectUnit, context: DocumentContext): RulesResult {
  const uncertainties: string[] = [];
  const lineHeaderAt = unit.rows.findIndex((row, index) => readLineHeader(row, unit.rows[index - 1]) !== null);
  // Without a header line, the header may stand one column name a line (every cell a line of its own).
  const stackedAt = lineHeaderAt >= 0 ? -1 : unit.rows.findIndex((_row, index) => readStackedHeader(unit.rows, index) !== null);
  // Without any header, the indicators may be lines that each spell out their levels (`产出指标—数量指标—…：值`).
  const pathAt = lineHeaderAt >= 0 || stackedAt >= 0 ? -1 : unit.rows.findIndex(isLevelPathRow);
  const headerAt = lineHeaderAt >= 0 ? lineHeaderAt : stackedAt >= 0 ? stackedAt : pathAt;
  const keys = readKeyFields(joinWrappedValues(headerAt >= 0 ? unit.rows.slice(0, headerAt) : unit.rows), { runTogether: true });
  uncertainties.push(...keys.problems);
  const header = withProse(unit, projectFromForm(unit, context, proseHeading(unit, keys), uncertainties));

  let indicators: ExtractedIndicator[] = [];
  if (pathAt >= 0) {
    const read = readLevelPathLines(unit.rows.slice(pathAt));
    indicators = read.indicators;
    uncertainties.push(...read.uncertainties);
  } else if (stackedAt >= 0) {
    const stacked = readStackedHeader(unit.rows, stackedAt)!;
    const read = readStackedLines(unit.rows.slice(stackedAt + stacked.lines), stacked.header);
    indicators = read.indicators;
    uncertainties.push(...read.uncertainties);
  } else if (headerAt >= 0) {
    const line = unit.rows[headerAt]!;
    const read = readIndicatorLines(unit.rows.slice(headerAt + 1), readLineHeader(line, unit.rows[headerAt - 1])!, keptColumns(line));
    indicators = read.indicators;
    uncertainties.push(...read.uncertainties);
  } else if (header.goals === null) {
    uncertainties.push("The lines have neither an indicator header (一级指标 / 二级指标 / 三级指标 / 指标值) nor a goal.");
  }
  return { project: { ...header, indicators }, uncertainties };
}

/** A project stated as prose is named by its heading (`(一)某某经费`), which no label introduces. */
function proseHeading(unit: ProjectUnit, keys: KeyFields): KeyFields {
  if (keys.values.projectName !== undefined || unit.heading === null) return keys;
  return { ...keys, values: { ...keys.values, projectName: unit.heading } };
}

// `该项目2024年预算52.00万元，主要用于……。`: the amount and the use of a project stated as prose.
const PROSE_AMOUNT = /(?:预算|安排|资金|金额)(?:资金)?(?:为|共|约)?\s*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(万元|元)/u;
const PROSE_USE = /(主要用于[^。；;]+)/u;

/** What a project's prose says that no label introduces: its amount and what it is spent on. */
function withProse(unit: ProjectUnit, project: Omit<ExtractedProject, "indicators">): Omit<ExtractedProject, "indicators"> {
  if (unit.heading === null) return project;
  const text = unit.rows.map((row) => rowLine(row)).join("");
  const amount = project.totalAmount === null ? PROSE_AMOUNT.exec(text) : null;
  const use = project.fundUse === null ? PROSE_USE.exec(text) : null;
  return {
    ...project,
    ...(amount ? { totalAmount: amount[1]!, moneyUnit: project.moneyUnit ?? (amount[2] as "万元" | "元") } : {}),
    ...(use ? { fundUse: use[1]! } : {}),
  };
}

/** Lines without a label continue the value of the label line above them (a goal wrapped over lines). */
function joinWrappedValues(rows: readonly Row[]): Row[] {
  const joined: Row[] = [];
  for (const row of rows) {
    const text = row.cells.map((cell) => cell.text.trim()).join(" ");
    if (BLOCK_LABEL.test(compact(text))) continue; // `绩效指标：` over the indicator lines is no part of a goal
    const hasLabel = splitAtLabels(text, { runTogether: true }).some((part) => part.label !== null);
    const previous = joined.at(-1);
    if (!hasLabel && previous && splitAtLabels(rowLine(previous), { runTogether: true }).at(-1)?.label != null) {
      const last = previous.cells.at(-1)!;
      joined[joined.length - 1] = { ...previous, cells: [...previous.cells.slice(0, -1), { ...last, text: `${last.text}${text}` }] };
    } else {
      joined.push({ ...row, cells: [{ ...row.cells[0]!, text, box: row.box, column: 0, columnSpan: 1 }] });
    }
  }
  return joined;
}

function rowLine(row: Row): string {
  return row.cells.map((cell) => cell.text.trim()).join(" ");
}

// The label over a form's indicator block.
const BLOCK_LABEL = /^(年度|项目)?(绩效)?指标[:：]?$/u;

const LEVEL1_BY_LENGTH = [...LEVEL1_NAMES].sort((a, b) => b.length - a.length);
const LEVEL2_BY_LENGTH = [...LEVEL2_NAMES].sort((a, b) => b.length - a.length);
const LEVEL2_ANNOTATION = /^\s*[(（]\s*(必填[^()（）]*|选填)\s*[)）]/u;

/**
 * The indicator lines below the header. A line whose parts still sit in the header's columns (a borderless
 * table) is placed by column, like a bordered row; a line whose cells ran together is read by vocabulary: the
 * known level-1 and level-2 names at its start, then the indicator's name and its target value (as a row
 * list's items are). Level names are carried down either way. (The segmenter has already cut borderless lines
 * again by the header's columns: see `tables/recut-borderless-rows.ts`.)
 */
function readIndicatorLines(rows: readonly Row[], header: TableHeader, positioned: boolean): { indicators: ExtractedIndicator[]; uncertainties: string[] } {
  const end = rows.findIndex(isTrailerRow);
  const lines = end >= 0 ? rows.slice(0, end) : rows;
  const indicators: ExtractedIndicator[] = [];
  const uncertainties: string[] = [];
  const doubt = (row: Row, problems: string[]) => void (problems.length > 0 && uncertainties.push(`${describeRow(row)}: ${problems.join("; ")}.`));
  let level1: string | null = null;
  let level2: string | null = null;
  const hasColumn = (role: Parameters<typeof columnOfRole>[1]) => columnOfRole(header, role) !== undefined;

  for (const row of lines) {
    const cells = row.cells.filter((cell) => cell.text.trim() !== "");
    if (cells.length === 0 || readTableHeader({ ...row, cells }) !== null) continue;
    if (isSectionHeading(rowLine(row))) break;
    const placedRow = { ...row, cells };
    if (positioned && inColumns(placedRow, header)) {
      const placed = placeIndicatorRow(placedRow, header);
      if (placed.level1 !== null) {
        level1 = placed.level1;
        level2 = placed.level2;
      } else if (placed.level2 !== null) {
        level2 = placed.level2;
      }
      const problems = [...placed.problems];
      const { level3 = "", value = "" } = placed.text;
      if (level3 === "" && value === "") continue;
      if (level1 === null || level2 === null) problems.push(`no ${level1 === null ? "level 1" : "level 2"} is given on or above the line`);
      doubt(row, problems);
      indicators.push({
        ...NO_INDICATOR_EXTRAS,
        level1: level1 ?? "",
        level2: level2 ?? "",
        level3: compactSpaces(level3),
        value,
        weight: hasColumn("weight") ? (placed.text.weight ?? null) : null,
        valueUnit: hasColumn("unit") ? (placed.text.unit ?? null) : null,
        valueComparator: hasColumn("comparator") || hasColumn("nature") ? (placed.text.comparator ?? null) : null,
        description: hasColumn("description") ? (placed.text.description ?? "") : null,
        basis: hasColumn("basis") ? (placed.text.basis ?? "") : null,
        otherColumns: [...placed.otherColumns],
      });
      continue;
    }

    let rest = rowLine(placedRow).trim();
    // A line that spells out its levels as a path under a header line all the same.
    const path = readLevelPathLine(rest);
    if (path) {
      level1 = path.level1;
      level2 = path.level2;
      doubt(row, path.doubt === null ? [] : [path.doubt]);
      indicators.push({ ...NO_INDICATOR_EXTRAS, level1, level2, level3: compactSpaces(path.name), value: path.value, description: null, basis: null });
      continue;
    }
    let one = takeName(rest, LEVEL1_BY_LENGTH, false);
    let two = takeName(one ? one.rest : rest, LEVEL2_BY_LENGTH, true);
    // Bare 成本指标 is both a level 1 (newer templates) and a level 2 (older ones): the level 1 only when a
    // level 2 follows it.
    if (one && two === null && matchLevel2(one.name) !== null) {
      two = takeName(rest, LEVEL2_BY_LENGTH, true);
      one = null;
    }
    if (one) {
      level1 = one.name;
      level2 = null;
      rest = one.rest;
    }
    if (two) {
      level2 = two.name;
      rest = two.rest;
    }
    if (rest === "") continue;
    const previous = indicators.at(-1);
    if (!one && !two && previous && previous.value === "") {
      // The rest of the name above, wrapped onto this line.
      const joinedItem = splitListItem(`${previous.level3}${rest}`);
      indicators[indicators.length - 1] = { ...previous, level3: compactSpaces(joinedItem?.name ?? `${previous.level3}${rest}`), value: joinedItem?.value ?? "" };
      continue;
    }
    const separated = splitListItem(rest);
    const runTogether = separated === null ? splitTrailingWord(rest) : null;
    const split = separated ?? runTogether;
    doubt(row, [
      ...(split === null ? [`no target value could be told apart from the name "${rest}"`] : []),
      ...(runTogether ? [`the value "${runTogether.value}" was told apart from the name by its wording only`] : []),
      ...(level1 === null || level2 === null ? [`no ${level1 === null ? "level 1" : "level 2"} is given on or above the line`] : []),
    ]);
    indicators.push({
      ...NO_INDICATOR_EXTRAS,
      level1: level1 ?? "",
      level2: level2 ?? "",
      level3: compactSpaces(split?.name ?? rest),
      value: split?.value ?? "",
      description: null,
      basis: null,
    });
  }
  return { indicators, uncertainties };
}

/** Every part of the line stands under a column of the header: it kept its columns. */
function inColumns(row: Row, header: TableHeader): boolean {
  return row.cells.every((cell) => {
    const column = headerColumnOf(cell, row, header);
    return column !== null && overlapsOnly(cell, column, header);
  });
}

/** The cell lies within its column (give or take a character), not across the next one. */
function overlapsOnly(cell: Cell, column: HeaderColumn, header: TableHeader): boolean {
  const next = header.columns.find((candidate) => candidate.box.x > column.box.x);
  const slack = cell.box.height;
  return next === undefined || cell.box.x + cell.box.width <= next.box.x + slack;
}

/** Spaces a justified or run-together line puts between CJK characters are not text. */
function compactSpaces(text: string): string {
  return text.replace(/(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])/gu, "").trim();
}

/**
 * A known level name at the start of `text` (with its numbering, annotation and colon; a justified line may
 * space its characters out), and what follows.
 */
function takeName(text: string, names: readonly string[], annotated: boolean): { name: string; rest: string } | null {
  const numbering = /^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）])?\s*/u.exec(text)![0];
  const start = text.slice(numbering.length);
  const found = names.map((candidate) => ({ name: candidate, match: new RegExp(`^${[...candidate].join("\\s?")}`, "u").exec(start) })).find((entry) => entry.match !== null);
  if (found === undefined) return null;
  const name = found.name;
  let end = numbering.length + found.match![0].length;
  let written = name;
  if (annotated) {
    const annotation = LEVEL2_ANNOTATION.exec(text.slice(end));
    if (annotation) {
      written = `${name}${annotation[0].trim()}`;
      end += annotation[0].length;
    }
  }
  const colon = /^\s*[:：]?\s*/u.exec(text.slice(end))![0];
  return { name: cleanLevelName(written) ?? written, rest: text.slice(end + colon.length).trim() };
}
