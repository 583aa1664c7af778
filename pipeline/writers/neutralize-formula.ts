/**
 * Characters that make a spreadsheet read a CSV cell as a formula (OWASP "CSV injection"): `=`, `+`, `-`,
 * `@`, tab and carriage return, and their full-width forms, which Chinese input methods produce and some
 * spreadsheet builds accept as well.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

/** A plain signed number (`-5`, `+3.5`, `-5%`) is read as a number, never as a formula: leave it be. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?%?$/;

/**
 * Makes document text inert in a CSV opened by Excel or WPS: a cell that would start a formula gets a
 * leading `'`, as OWASP recommends, so `=HYPERLINK(…)` from a PDF shows as text instead of running.
 * Only for text columns: numbers the pipeline computed (分, exact decimals) are written as they are.
 * A reader that wants the original strips one leading `'` before one of these characters.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}
