/**
 * Significant decimal digits a binary double always gives back exactly: Excel shows and sums 15, and a
 * SQLite REAL read back as text prints the same 15. A decimal with more would be stored rounded.
 */
const EXACT_DIGITS = 15;

/**
 * The exact decimal text of a `number` column as the number a spreadsheet or SQLite stores: the conversion
 * happens here, once, on digits computed exactly (元 from integer 分), so no float arithmetic touches money.
 * Null when the decimal has more significant digits than a double keeps: the writer then stores the text.
 */
export function decimalAsNumber(text: string): number | null {
  const significant = text.replace(/^-/, "").replace(".", "").replace(/^0+/, "").replace(/0+$/, "");
  return significant.length <= EXACT_DIGITS ? Number(text) : null;
}
