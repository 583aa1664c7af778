/**
 * The few cell formats the workbook uses, as indices into `cellXfs` of `xl/styles.xml`. Number formats are
 * Excel's built-in ones (1 is "0", 4 is "#,##0.00"), which every spreadsheet program knows and localizes.
 */
export const CELL_STYLE = {
  general: 0,
  /** Without "0" Excel shows a large 分 amount in scientific notation. */
  integer: 1,
  /** 元 read best with 分 and thousands. */
  yuan: 2,
  header: 3,
} as const;

export type CellStyle = (typeof CELL_STYLE)[keyof typeof CELL_STYLE];

/** `xl/styles.xml`: one font and its bold form, the empty fills Excel requires, and the formats above in order. */
export const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  // Excel expects the first two fills to be these, whatever the cells use.
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  "</cellXfs>" +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  "</styleSheet>";
