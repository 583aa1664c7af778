/** Code-point order: `localeCompare` depends on the machine's ICU data and locale, which would reorder rows. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
