import type { MoneyUnit } from "../schemas/extracted-project.js";
import type { Flag } from "../schemas/flag.js";
import type { FlagCode } from "../schemas/flag-codes.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import type { DocumentContext } from "../schemas/project-unit.js";
import type { StageContext } from "../pipeline/context.js";
import { toFen } from "../pipeline/domain/money.js";
import { validateRecords, type ValidationOutput } from "../pipeline/validate-records.js";
import { sortFlags } from "../pipeline/validation/sort-flags.js";

export interface RevalidationInput {
  /** Every record of one document, each in its current version (corrected where an analyst corrected it). */
  readonly records: readonly ProjectRecord[];
  /** The pipeline's version of each record, by id: the flags of rules that cannot run again come from here. */
  readonly originals: ReadonlyMap<string, ProjectRecord>;
  /** The fields an analyst changed, by record id (absent: none). */
  readonly editedPaths: ReadonlyMap<string, readonly string[]>;
}

/**
 * Rules whose input a run does not keep: grounding needs the unit's table cells, the overview check the
 * document's overview paragraphs. Their findings are carried over from the pipeline's run for fields nobody
 * edited (the text is the same, so is the verdict) and dropped for edited ones: a value an analyst typed from
 * the page image is grounded by the analyst, and a corrected OCR misreading would never occur in the OCR text.
 * Each entry names the fields a finding depends on.
 */
const CARRIED_OVER: Partial<Record<FlagCode, (flag: Flag) => readonly string[]>> = {
  ungrounded: (flag) => [flag.path],
  money_overview_mismatch: () => ["money.total", "money.unit"],
};

/**
 * Re-runs the deterministic validation on a document after a correction: the pipeline's own validate stage
 * (`validateRecords`, the same rule registry) over all the document's records, so document rules (department
 * total, duplicate names) and rules that compare with sibling projects see the corrected value. The stage is
 * given no units, which its rules define as "nothing to ground against"; see `CARRIED_OVER` for the two rules
 * that therefore cannot speak, and why rebuilding the units (re-reading, and for scans re-OCRing, the PDF on
 * every keystroke) was not chosen.
 */
export async function revalidateDocument(input: RevalidationInput, context: StageContext): Promise<ValidationOutput> {
  if (input.records.length === 0) return { records: [], documentFlags: [] };
  const scope = {
    context: contextFromRecords(input.records),
    units: [],
    // validateRecords keeps the flags a record already has; a re-validation must start from none.
    records: input.records.map((record) => ({ ...record, flags: [] })),
  };
  const validated = await validateRecords(scope, context);
  return {
    documentFlags: validated.documentFlags,
    records: validated.records.map((record) => {
      const original = input.originals.get(record.id);
      const edited = new Set(input.editedPaths.get(record.id) ?? []);
      const carried = (original?.flags ?? []).filter((flag) => {
        const dependsOn = CARRIED_OVER[flag.code as FlagCode];
        return dependsOn !== undefined && !dependsOn(flag).some((path) => edited.has(path));
      });
      return { ...record, flags: sortFlags([...record.flags, ...carried]) };
    }),
  };
}

/**
 * The document context the rules need, rebuilt from what every record carries: identity, family, department
 * and its stated total. The overview paragraphs are not in a run's output (see `CARRIED_OVER`).
 */
function contextFromRecords(records: readonly ProjectRecord[]): DocumentContext {
  const first = records[0]!;
  const total = first.unit.departmentTotal;
  return {
    path: first.document.path,
    sha256: first.document.sha256,
    pageCount: first.document.pageCount,
    family: first.unit.family,
    title: first.document.title,
    region: first.document.region,
    year: first.document.year,
    department: first.unit.department,
    implementingUnit: null,
    // The page only places the document-level copy of a department-total finding; record copies use their own cell.
    departmentTotal: total ? { raw: total.raw, unit: totalUnit(total.raw, total.fen), page: first.unit.pages[0] ?? 1 } : null,
    moneyUnit: null,
    segmentationDoubts: [],
    overview: [],
  };
}

/** The unit the total was stated in, recovered from its exact value in 分 (a record keeps raw and 分, not the unit). */
function totalUnit(raw: string, fen: number | null): MoneyUnit {
  return fen !== null && toFen(raw, "元") === fen ? "元" : "万元";
}
