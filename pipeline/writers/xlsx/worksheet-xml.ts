import { columnLetters } from "./cell-xml.js";
import { CELL_STYLE, type CellStyle } from "./styles.js";

/** How a sheet looks around its rows. */
export interface SheetFrame {
  /** Each column's width in Excel character units, in column order. */
  readonly widths: readonly number[];
  /** Each column's format, also set on the column so cells typed in later get it. */
  readonly styles: readonly CellStyle[];
  /** Whether the header row carries a filter. */
  readonly filtered: boolean;
}

const WORKSHEET_OPEN =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';

/** The header row frozen: it stays in view while the rows scroll under it. */
const FROZEN_HEADER =
  '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
  '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>';

/** Excel's default margins: without them Excel asks for page setup on the first print preview. */
const PAGE_MARGINS = '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';

/** A worksheet part up to the opening of `<sheetData>`, in the element order the schema requires. */
export function worksheetStartXml(frame: SheetFrame): string {
  const columns = frame.widths.map((width, index) => {
    const style = frame.styles[index] ?? CELL_STYLE.general;
    return `<col min="${index + 1}" max="${index + 1}" width="${width}"${style === CELL_STYLE.general ? "" : ` style="${style}"`} customWidth="1"/>`;
  });
  // <cols> must hold at least one <col>: a sheet without columns has none.
  return `${WORKSHEET_OPEN}${FROZEN_HEADER}<sheetFormatPr defaultRowHeight="15"/>${columns.length > 0 ? `<cols>${columns.join("")}</cols>` : ""}<sheetData>`;
}

/** The rest of the part after the last row: the header's filter, then the margins. */
export function worksheetEndXml(frame: SheetFrame): string {
  const range = filterRange(frame);
  return `</sheetData>${range === null ? "" : `<autoFilter ref="${range}"/>`}${PAGE_MARGINS}</worksheet>`;
}

/** The header cells the filter covers (`A1:N1`), or null for a sheet without a filter or without columns. */
export function filterRange(frame: SheetFrame): string | null {
  return frame.filtered && frame.widths.length > 0 ? `A1:${columnLetters(frame.widths.length - 1)}1` : null;
}
