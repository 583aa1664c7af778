import { randomBytes } from "node:crypto";
import { copyFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { loadGold } from "../eval/load-gold.js";
import { FlagCodeSchema, type FlagCode } from "../schemas/flag-codes.js";
import type { Flag } from "../schemas/flag.js";
import type { GoldDocument, GoldFlag, GoldProject } from "../schemas/gold.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import { VALIDATION_RULES } from "../pipeline/validation/rule-registry.js";
import type { DecisionAction } from "./decision-store.js";
import { editableFields, type RecordEdits } from "./record-fields.js";
import { ConflictError } from "./review-errors.js";

export interface PromotionInput {
  /** The record as decided: corrections applied, flags re-validated. */
  readonly record: ProjectRecord;
  /** The pipeline's record, to say in the notes what the analyst changed. */
  readonly original: ProjectRecord;
  readonly decision: {
    readonly action: Extract<DecisionAction, "accept" | "correct">;
    readonly note: string;
    readonly reviewer: string;
    readonly decidedAt: string;
    readonly edits: RecordEdits;
  };
  /** The record's PDF, verified against its SHA-256. */
  readonly pdfFile: string;
  /** How many projects the run found in this document: a gold document holding fewer is partial. */
  readonly documentProjectCount: number;
}

export interface PromotionOptions {
  readonly goldDir: string;
  /** Gold `fixture` paths are relative to it. */
  readonly repositoryRoot: string;
}

export interface PromotionResult {
  readonly file: string;
  readonly created: boolean;
  /** Projects now in the gold document, of `documentProjects` in the run. */
  readonly projects: number;
  readonly documentProjects: number;
  readonly fixture: string;
  /** Where the PDF was copied when it was outside the repository (the eval needs it there), else null. */
  readonly copiedPdf: string | null;
}

const REVIEW_NOTE_PREFIX = "review record ";
const PARTIAL_NOTE_PREFIX = "Promoted from analyst review:";

/**
 * "Promote to fixture": writes a reviewed record as a gold project into `<goldDir>/<sha prefix>.gold.json`,
 * creating the gold document or replacing that record's earlier promotion in it. The file is written beside
 * the target, validated by `loadGold` (the eval's own loader) and only then renamed over it, so a gold file is
 * never left invalid. A PDF outside the repository is copied next to the gold file, because the eval resolves
 * `fixture` against the repository and a gold file naming a PDF on one analyst's disk would score nothing.
 */
export async function promoteToGold(input: PromotionInput, options: PromotionOptions): Promise<PromotionResult> {
  const prefix = input.record.document.sha256.slice(0, 16);
  const file = path.join(options.goldDir, `${prefix}.gold.json`);
  await mkdir(options.goldDir, { recursive: true });

  let copiedPdf: string | null = null;
  let pdf = input.pdfFile;
  if (isOutside(options.repositoryRoot, pdf)) {
    copiedPdf = path.join(options.goldDir, `${prefix}.pdf`);
    if (!existsSync(copiedPdf)) await copyFile(input.pdfFile, copiedPdf);
    pdf = copiedPdf;
  }
  const fixture = path.relative(options.repositoryRoot, pdf).split(path.sep).join("/");

  const created = !existsSync(file);
  const existing = created ? null : loadExisting(file);
  const project = goldProject(input);
  const document = mergeDocument(existing, input, project, fixture);
  await writeValidated(file, document);
  return { file, created, projects: document.projects.length, documentProjects: input.documentProjectCount, fixture, copiedPdf };
}

function loadExisting(file: string): GoldDocument {
  try {
    return loadGold(file);
  } catch (cause) {
    throw new ConflictError(`${file} exists but is not a valid gold file, so it cannot be extended: fix or remove it (${cause instanceof Error ? cause.message : String(cause)})`, cause);
  }
}

/** The record in the gold shape: values as written (the record's text is already normalized), parsed values, flags. */
function goldProject(input: PromotionInput): GoldProject {
  const { record } = input;
  const page = (index: number): number =>
    record.evidence[`indicators.${index}.level3`]?.page ?? record.evidence[`indicators.${index}.value`]?.page ?? record.unit.pages[0] ?? 1;
  return {
    kind: record.unit.kind,
    projectName: record.project.name,
    projectCode: record.project.code,
    projectAttribute: record.project.attribute,
    projectPeriod: record.project.period,
    department: record.project.department,
    implementingUnit: record.project.implementingUnit,
    moneyUnit: record.money.unit,
    totalAmount: record.money.total?.raw ?? null,
    fiscalAmount: record.money.fiscal?.raw ?? null,
    carryoverAmount: record.money.carryover?.raw ?? null,
    otherAmount: record.money.other?.raw ?? null,
    projectExpenditure: record.money.projectExpenditure?.raw ?? null,
    basicExpenditure: record.money.basicExpenditure?.raw ?? null,
    fundUse: record.money.use,
    goals: record.goals,
    longTermGoals: record.longTermGoals,
    otherFields: Object.entries(record.otherFields).map(([name, text]) => ({ name, text })),
    spendingSchedule: record.spendingSchedule?.map((entry) => ({ checkpoint: entry.checkpoint, percent: entry.raw })) ?? null,
    indicators: record.indicators.map((indicator, index) => ({
      level1: indicator.level1,
      level2: indicator.level2Raw,
      level3: indicator.level3,
      value: indicator.valueParts?.value ?? indicator.value.raw,
      valueComparator: indicator.valueParts?.comparator ?? null,
      valueUnit: indicator.valueParts?.unit ?? null,
      weight: indicator.weight?.raw ?? null,
      direction: indicator.directionRaw,
      nature: indicator.nature,
      description: indicator.description,
      basis: indicator.basis,
      otherColumns: Object.entries(indicator.otherColumns).map(([name, text]) => ({ name, text })),
      page: page(index),
      parsed: indicator.value,
    })),
    pages: record.unit.pages.length > 0 ? [...record.unit.pages] : [1],
    flags: goldFlags(record.flags.filter((flag) => !isDocumentFlag(flag))),
    notes: reviewNotes(input),
  };
}

/** First note names the record, so promoting it again replaces this project instead of adding a second. */
function reviewNotes(input: PromotionInput): string[] {
  const { decision } = input;
  const verb = decision.action === "correct" ? "corrected" : "accepted as extracted";
  const first = `${REVIEW_NOTE_PREFIX}${input.record.id}: ${verb} by ${decision.reviewer} on ${decision.decidedAt}${decision.note ? ` (${decision.note})` : ""}.`;
  const before = editableFields(input.original);
  const after = editableFields(input.record);
  const changes = Object.keys(decision.edits)
    .filter((field) => before[field] !== after[field])
    .map((field) => `Corrected ${field}: "${before[field] ?? ""}" → "${after[field] ?? ""}".`);
  return [first, ...changes];
}

function mergeDocument(existing: GoldDocument | null, input: PromotionInput, project: GoldProject, fixture: string): GoldDocument {
  const { record } = input;
  const marker = `${REVIEW_NOTE_PREFIX}${record.id}:`;
  const others = (existing?.projects ?? []).filter((candidate) => !candidate.notes.some((note) => note.startsWith(marker)));
  // Code-point order: localeCompare would depend on the machine's ICU data.
  const projects = [...others, project].sort((a, b) => (recordIdOf(a) < recordIdOf(b) ? -1 : recordIdOf(a) > recordIdOf(b) ? 1 : 0));
  const documentFlags = new Map<string, GoldFlag>();
  for (const flag of [...(existing?.flags ?? []), ...goldFlags(record.flags.filter(isDocumentFlag))]) documentFlags.set(`${flag.code}\u0000${flag.path}`, flag);
  const partial =
    projects.length < input.documentProjectCount
      ? `${PARTIAL_NOTE_PREFIX} ${projects.length} of the ${input.documentProjectCount} projects the run found are reviewed; the eval counts the others as extra projects until they are promoted too.`
      : `${PARTIAL_NOTE_PREFIX} all ${input.documentProjectCount} projects the run found are reviewed.`;
  return {
    fixture: existing?.fixture ?? fixture,
    // No seed text: this gold was made from a PDF, not from a converter's text.
    seed: existing?.seed ?? "",
    family: existing?.family ?? record.unit.family,
    title: existing?.title ?? record.document.title,
    region: existing?.region ?? record.document.region,
    year: existing?.year ?? record.document.year,
    department: existing?.department ?? record.unit.department,
    departmentTotal: existing?.departmentTotal ?? record.unit.departmentTotal?.raw ?? null,
    flags: [...documentFlags.values()],
    notes: [...(existing?.notes ?? []).filter((note) => !note.startsWith(PARTIAL_NOTE_PREFIX)), partial],
    projects,
  };
}

/** Record ids are the document hash plus the zero-padded unit index, so they sort in document order. */
function recordIdOf(project: GoldProject): string {
  return project.notes.find((note) => note.startsWith(REVIEW_NOTE_PREFIX))?.slice(REVIEW_NOTE_PREFIX.length) ?? "";
}

/** Findings of document-scope rules belong on the gold document, as the hand-labeled gold files have them. */
function isDocumentFlag(flag: Flag): boolean {
  const code = FlagCodeSchema.safeParse(flag.code);
  return code.success && VALIDATION_RULES[code.data].scope === "document";
}

function goldFlags(flags: readonly Flag[]): GoldFlag[] {
  return flags.flatMap((flag) => {
    const code = FlagCodeSchema.safeParse(flag.code);
    // A code outside the enum cannot be gold (GoldFlagSchema would reject the file); none is raised today.
    return code.success ? [{ code: code.data as FlagCode, severity: flag.severity, path: flag.path, why: flag.message }] : [];
  });
}

async function writeValidated(file: string, document: GoldDocument): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(document, null, 2) + "\n");
    loadGold(temporary);
    await rename(temporary, file);
  } catch (cause) {
    await rm(temporary, { force: true });
    throw new ConflictError(`Could not write the gold file ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
  }
}

function isOutside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative.startsWith("..") || path.isAbsolute(relative);
}
