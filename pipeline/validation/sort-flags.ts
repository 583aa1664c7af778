import { SEVERITY_ORDER, type Flag } from "../../schemas/flag.js";

/**
 * Flags in review order: errors first, then warnings, then info; within a severity by field path in
 * natural order (`indicators.2` before `indicators.10`), then by code, so output is stable run to run.
 */
export function sortFlags(flags: readonly Flag[]): Flag[] {
  return [...flags].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.path.localeCompare(b.path, "en", { numeric: true }) ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
}
