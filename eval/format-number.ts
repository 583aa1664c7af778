/** A ratio as the report prints it: three decimals, or `—` when there is none. */
export function formatRatio(value: number | null): string {
  return value === null ? "—" : value.toFixed(3);
}
