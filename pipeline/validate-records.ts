import type { Flag } from "../schemas/flag.js";
import { FlagCodeSchema } from "../schemas/flag-codes.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import type { DocumentContext, ProjectUnit } from "../schemas/project-unit.js";
import type { StageContext } from "./context.js";
import { VALIDATION_RULES } from "./validation/rule-registry.js";
import type { Rule, ValidationScope } from "./validation/rule.js";
import { sortFlags } from "./validation/sort-flags.js";

export interface ValidationInput {
  readonly context: DocumentContext;
  readonly units: readonly ProjectUnit[];
  /** One record per extracted unit; `record.unit.index` is the position of its unit in `units`. */
  readonly records: readonly ProjectRecord[];
}

export interface ValidationOutput {
  /** The input records, in order, each with `flags` filled in and nothing else changed. */
  readonly records: ProjectRecord[];
  /** Findings about the document as a whole (department total, duplicate names), also copied onto their records. */
  readonly documentFlags: Flag[];
}

/**
 * Validate stage: runs every deterministic rule of the registry over a document's records and collects what
 * they find. Nothing is thrown for bad data and no record is dropped or altered: a flag points an analyst at
 * a value, it never changes it. Flags come sorted errors first, then by field path.
 */
export async function validateRecords(input: ValidationInput, context: StageContext): Promise<ValidationOutput> {
  const scope: ValidationScope = { ...input, ocrMinConfidence: context.config.ocr.minConfidence };
  const found: Flag[][] = input.records.map(() => []);
  const documentFlags: Flag[] = [];

  // In enum order rather than object order, so output never depends on how the registry was assembled.
  for (const code of FlagCodeSchema.options) {
    const rule: Rule = VALIDATION_RULES[code];
    try {
      if (rule.scope === "record") {
        input.records.forEach((record, position) => found[position]!.push(...rule.check(record, scope)));
        continue;
      }
      for (const finding of rule.check(scope)) {
        documentFlags.push(finding.flag);
        for (const position of finding.records) {
          const record = input.records[position];
          // The copy on a record points at that record's own cell for the field, not at the document's.
          if (record) found[position]!.push({ ...finding.flag, evidence: record.evidence[finding.flag.path] ?? finding.flag.evidence });
        }
      }
    } catch (error) {
      // A rule that crashes is a bug in the rule, not in the document: the other rules' findings still count.
      context.logger.warn("validation-rule-failed", { code, document: input.context.path, error: error instanceof Error ? error.message : String(error) });
    }
  }

  return {
    records: input.records.map((record, position) => ({ ...record, flags: mergeFlags(record.flags, found[position]!) })),
    documentFlags: sortFlags(documentFlags),
  };
}

/** Flags already on a record are kept; validating twice does not repeat a flag. */
function mergeFlags(existing: readonly Flag[], found: readonly Flag[]): Flag[] {
  const seen = new Set<string>();
  const unique = [...existing, ...found].filter((flag) => {
    const key = `${flag.code}\u0000${flag.path}\u0000${flag.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return sortFlags(unique);
}
