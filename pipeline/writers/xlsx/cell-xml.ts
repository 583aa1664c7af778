import { escapeXml, needsSpacePreserved } from "./escape-xml.js";
import { CELL_STYLE, type CellStyle } from "./styles.js";

/** A cell as a sheet stores it (see `xlsxCell`): text, a number, a boolean, or empty. */
export type SheetCell = string | number | boolean | null;

/** What every row of one sheet shares: each column's letters (A, B, … AA) and cell format. */
export interface RowLayout {
  readonly letters: readonly string[];
  readonly styles: readonly CellStyle[];
}

/** A column's letters from its 0-based index: 0 is A, 25 is Z, 26 is AA. */
export function columnLetters(index: number): string {
  let letters = "";
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

export function rowLayout(styles: readonly CellStyle[]): RowLayout {
  return { letters: styles.map((_, index) => columnLetters(index)), styles };
}

/** One `<row>` of data; `rowNumber` counts from 1, the header's. */
export function rowXml(rowNumber: number, cells: readonly SheetCell[], layout: RowLayout): string {
  let xml = `<row r="${rowNumber}">`;
  for (const [index, cell] of cells.entries()) xml += cellXml(`${layout.letters[index] ?? columnLetters(index)}${rowNumber}`, cell, layout.styles[index] ?? CELL_STYLE.general);
  return `${xml}</row>`;
}

/** The header row: bold text, and the row itself bold (`customFormat`) so the whole frozen row reads as one. */
export function headerRowXml(headers: readonly string[]): string {
  const cells = headers.map((header, index) => cellXml(`${columnLetters(index)}1`, header, CELL_STYLE.header)).join("");
  return `<row r="1" s="${CELL_STYLE.header}" customFormat="1">${cells}</row>`;
}

/**
 * One `<c>`. Text is an inline string (`t="inlineStr"`), never a formula and never a shared string, which would
 * need a table of every string in memory. An empty cell of a formatted column keeps the format, so a value
 * typed into it later is formatted like its neighbours; an empty unformatted cell is left out.
 */
function cellXml(reference: string, cell: SheetCell, style: CellStyle): string {
  const styleAttribute = style === CELL_STYLE.general ? "" : ` s="${style}"`;
  if (cell === null) return styleAttribute === "" ? "" : `<c r="${reference}"${styleAttribute}/>`;
  if (typeof cell === "boolean") return `<c r="${reference}"${styleAttribute} t="b"><v>${cell ? 1 : 0}</v></c>`;
  // NaN and ±Infinity are no xsd:double Excel accepts: they are written as the text they print as.
  if (typeof cell === "number" && Number.isFinite(cell)) return `<c r="${reference}"${styleAttribute}><v>${cell}</v></c>`;
  const text = String(cell);
  const space = needsSpacePreserved(text) ? ' xml:space="preserve"' : "";
  return `<c r="${reference}"${styleAttribute} t="inlineStr"><is><t${space}>${escapeXml(text)}</t></is></c>`;
}
