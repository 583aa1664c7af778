import type { SheetCell } from "./cell-xml.js";
import type { SheetWriter } from "./sheet-writer.js";
import type { SheetFrame } from "./worksheet-xml.js";
import type { XlsxPackage } from "./xlsx-package.js";

/** The limits a sheet must stay within for Excel to open the file without repairing it. */
export interface SheetLimits {
  /** Rows per sheet, the header included. */
  readonly maxRows: number;
}

/** Excel's: 1,048,576 rows per sheet (Excel 2007 and later, WPS, LibreOffice 7.4 and later). */
export const EXCEL_SHEET_LIMITS: SheetLimits = { maxRows: 1_048_576 };

/** Excel's longest sheet name. */
const MAX_TITLE_LENGTH = 31;

/**
 * One table written over as many sheets as its rows need: when a sheet is full, the rows go on in a sheet
 * named after it with a number, `indicators (2)`, under the same header, widths and formats. Excel cannot
 * show a longer sheet, and cutting the table short or failing would lose rows (or, failing, the whole
 * workbook) for a run that CSV, SQLite and JSONL hold in full.
 */
export class TableSheets {
  private sheet: SheetWriter | null = null;
  private sheetCount = 0;

  constructor(
    private readonly workbook: XlsxPackage,
    private readonly title: string,
    private readonly headers: readonly string[],
    private readonly frame: SheetFrame,
    private readonly limits: SheetLimits,
  ) {
    if (!Number.isInteger(limits.maxRows) || limits.maxRows < 2) throw new RangeError(`Expected \`maxRows\` to be an integer from 2 (the header and a row) and up, got \`${limits.maxRows}\``);
  }

  async writeRow(cells: readonly SheetCell[]): Promise<void> {
    const sheet = this.sheet === null || this.sheet.rows >= this.limits.maxRows ? await this.nextSheet() : this.sheet;
    await sheet.writeRow(cells);
  }

  /** Makes sure the table has its sheet, header only if it has no rows. */
  async ensureSheet(): Promise<void> {
    if (this.sheet === null) await this.nextSheet();
  }

  private async nextSheet(): Promise<SheetWriter> {
    this.sheetCount += 1;
    const sheet = await this.workbook.addSheet(sheetTitle(this.title, this.sheetCount), this.frame);
    await sheet.writeHeader(this.headers);
    this.sheet = sheet;
    return sheet;
  }
}

/** The title of the table's `number`th sheet: its own title first, then `title (2)`, shortened to fit Excel's 31 characters. */
export function sheetTitle(title: string, number: number): string {
  const suffix = number === 1 ? "" : ` (${number})`;
  return [...title].slice(0, MAX_TITLE_LENGTH - suffix.length).join("") + suffix;
}
