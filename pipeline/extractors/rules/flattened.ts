import { NO_INDICATOR_EXTRAS, type ExtractedIndicator } from "../../../schemas/extracted-project.js";
import type { Cell, Row } from "../../../schemas/layout.js";
import type { DocumentContext, ProjectUnit } from "../../../schemas/project-unit.js";
import { roleOfHeaderText } from "../../domain/column-roles.js";
import { splitAtLabels } from "../../domain/field-labels.js";
import { LEVEL1_NAMES, LEVEL2_NAMES } from "../../domain/taxonomy.js";
import { kindOfHeader, readTableHeader, type TableHeader } from "../../tables/read-table-header.js";
import { cleanLevelName } from "./clean-level-name.js";
import { describeRow } from "./describe-row.js";
import { isTrailerRow, readIndicatorRows } from "./indicator-rows.js";
import { projectFromForm } from "./project-from-form.js";
import { readKeyFields } from "./read-key-fields.js";
import type { RulesResult } from "./rules-result.js";
import { splitListItem } from "./split-list-item.js";

/**
 * Reads a form whose borders a conversion lost, line by line. Label lines (`项目名称：某某 主管部门：某局`)
 * are read like a form's cells, with labels found inside run-together text; a label whose value wraps goes
 * on over the lines after it. Below the indicator header line, a line whose parts still sit in the header's
 * columns is placed by column; a line whose cells ran together is read by vocabulary: the known level-1 and
 * level-2 names at its start, then the indicator's name and its target value (as in a row list's items).
 */
export function extractFlattened(unit: ProjectUnit, context: DocumentContext): RulesResult {
  const uncertainties: string[] = [];
  const headerAt = unit.rows.findIndex((row, index) => headerOfLine(row, unit.rows[index - 1]) !== null);
  const keys = readKeyFields(joinWrappedValues(headerAt >= 0 ? unit.rows.slice(0, headerAt) : unit.rows));
  uncertainties.push(...keys.problems);
  const header = projectFromForm(unit, context, keys, uncertainties);

  let indicators: ExtractedIndicator[] = [];
  if (headerAt >= 0) {
    const read = readIndicatorLines(unit.rows.slice(headerAt + 1), headerOfLine(unit.rows[headerAt]!, unit.rows[headerAt - 1])!);
    indicators = read.indicators;
    uncertainties.push(...read.uncertainties);
  } else if (header.goals === null) {
    uncertainties.push("The lines have neither an indicator header (一级指标 / 二级指标 / 三级指标 / 指标值) nor a goal.");
  }
  return { project: { ...header, indicators }, uncertainties };
}

/**
 * A line as an indicator header: its cells when the columns kept their gaps, else its words (`一级指标 二级指标
 * 三级指标 指标值` run together with single spaces) as cells of their own.
 */
function headerOfLine(row: Row, above: Row | undefined): TableHeader | null {
  const direct = readTableHeader(row, above);
  if (direct && kindOfHeader(direct) === "indicator") return direct;
  const words = row.cells.flatMap((cell) => splitWords(cell));
  if (words.length < 3 || words.filter((word) => roleOfHeaderText(word.text) !== null).length < 3) return null;
  const header = readTableHeader({ ...row, cells: words });
  return header && kindOfHeader(header) === "indicator" ? header : null;
}

/** A cell's words as cells, each with a share of the cell's box in proportion to its length. */
function splitWords(cell: Cell): Cell[] {
  const words = cell.text.split(/\s+/u).filter((word) => word !== "");
  const total = words.reduce((sum, word) => sum + word.length, 0) || 1;
  let x = cell.box.x;
  return words.map((word, index) => {
    const width = (cell.box.width * word.length) / total;
    const part: Cell = { ...cell, text: word, column: cell.column + index, box: { ...cell.box, x, width } };
    x += width;
    return part;
  });
}

/** Lines without a label continue the value of the label line above them (a goal wrapped over lines). */
function joinWrappedValues(rows: readonly Row[]): Row[] {
  const joined: Row[] = [];
  for (const row of rows) {
    const text = row.cells.map((cell) => cell.text.trim()).join(" ");
    const hasLabel = splitAtLabels(text).some((part) => part.label !== null);
    const previous = joined.at(-1);
    if (!hasLabel && previous && splitAtLabels(rowLine(previous)).at(-1)?.label != null) {
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

const LEVEL1_BY_LENGTH = [...LEVEL1_NAMES].sort((a, b) => b.length - a.length);
const LEVEL2_BY_LENGTH = [...LEVEL2_NAMES].sort((a, b) => b.length - a.length);
const LEVEL2_ANNOTATION = /^\s*[(（]\s*(必填[^()（）]*|选填)\s*[)）]/u;

/**
 * The indicator lines below the header: by column where a line kept its columns (as many parts as the header
 * has columns, or its parts under the header's cells), else by vocabulary.
 */
function readIndicatorLines(rows: readonly Row[], header: TableHeader): { indicators: ExtractedIndicator[]; uncertainties: string[] } {
  const end = rows.findIndex(isTrailerRow);
  const lines = end >= 0 ? rows.slice(0, end) : rows;
  if (lines.every((row) => row.cells.length >= 2)) return readIndicatorRows(lines, header);

  const indicators: ExtractedIndicator[] = [];
  const uncertainties: string[] = [];
  let level1: string | null = null;
  let level2: string | null = null;
  for (const row of lines) {
    let rest = compactSpaces(rowLine(row));
    if (rest === "") continue;
    const one = takeName(rest, LEVEL1_BY_LENGTH, false);
    if (one) {
      level1 = one.name;
      level2 = null;
      rest = one.rest;
    }
    const two = takeName(rest, LEVEL2_BY_LENGTH, true);
    if (two) {
      level2 = two.name;
      rest = two.rest;
    }
    if (rest === "") continue;
    const previous = indicators.at(-1);
    if (!one && !two && previous && previous.value === "") {
      // The rest of the name above, wrapped onto this line.
      const joinedItem = splitListItem(`${previous.level3}${rest}`);
      indicators[indicators.length - 1] = { ...previous, level3: joinedItem?.name ?? `${previous.level3}${rest}`, value: joinedItem?.value ?? "" };
      continue;
    }
    const item = splitListItem(rest);
    if (item === null) uncertainties.push(`${describeRow(row)}: no target value could be told apart from the name "${rest}".`);
    if (level1 === null || level2 === null) uncertainties.push(`${describeRow(row)}: no ${level1 === null ? "level 1" : "level 2"} is given on or above the line.`);
    indicators.push({
      ...NO_INDICATOR_EXTRAS,
      level1: level1 ?? "",
      level2: level2 ?? "",
      level3: item?.name ?? rest,
      value: item?.value ?? "",
      description: null,
      basis: null,
    });
  }
  for (const indicator of indicators) if (indicator.value === "") uncertainties.push(`The indicator "${indicator.level3}" has no target value on its lines.`);
  return { indicators, uncertainties };
}

/** Spaces a justified or run-together line puts between CJK characters are not text. */
function compactSpaces(text: string): string {
  return text.replace(/(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])/gu, "").trim();
}

/** A known level name at the start of `text` (with its numbering, annotation and colon), and what follows. */
function takeName(text: string, names: readonly string[], annotated: boolean): { name: string; rest: string } | null {
  const numbering = /^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）])?\s*/u.exec(text)![0];
  const start = text.slice(numbering.length);
  const name = names.find((candidate) => start.startsWith(candidate));
  if (name === undefined) return null;
  let end = numbering.length + name.length;
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
