import type { Flag } from "../schemas/flag.js";
import { READING_DOUBT_CODES, type FlagCode } from "../schemas/flag-codes.js";
import type { GoldDocument } from "../schemas/gold.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import { emptyDetection } from "./empty-counts.js";
import type { Mismatch } from "./mismatch.js";
import type { Matching } from "./pair-greedily.js";
import type { DetectionCounts } from "./score-counts.js";

export interface FlagScore {
  readonly counts: DetectionCounts;
  readonly byCode: Record<string, DetectionCounts>;
  readonly mismatches: Mismatch[];
}

interface KeyedFlag {
  readonly key: string;
  readonly code: string;
  readonly project: string;
  readonly label: string;
  readonly source: Mismatch["source"];
}

/**
 * Raised flags against gold flags, as a multiset of (where, code, path): a flag counts when the same code
 * is raised on the same field of the same project. Indicator paths are mapped through the indicator
 * matching (the record's `indicators.5` may be gold's `indicators.6` when a row was dropped), so a flag on
 * an unmatched indicator can never count. Document flags are compared with the document's gold flags; their
 * copies on records are not counted again. Severity is shown but not compared: where a rule is raised is
 * the finding, how loud it is is policy.
 */
export function scoreFlags(
  gold: GoldDocument,
  records: readonly ProjectRecord[],
  documentFlags: readonly Flag[],
  projects: Matching,
  indicators: ReadonlyMap<number, Matching>,
): FlagScore {
  const expected: KeyedFlag[] = gold.flags.map((flag) => ({
    key: `document\u0000${flag.code}\u0000${flag.path}`,
    code: flag.code,
    project: "(document)",
    label: `${flag.code} (${flag.severity}) at ${flag.path}: ${flag.why}`,
    source: [],
  }));
  gold.projects.forEach((project, goldIndex) => {
    for (const flag of project.flags) {
      expected.push({
        key: `project ${goldIndex}\u0000${flag.code}\u0000${flag.path}`,
        code: flag.code,
        project: project.projectName,
        label: `${flag.code} (${flag.severity}) at ${flag.path}: ${flag.why}`,
        source: [],
      });
    }
  });

  // Flags about the reading (layout_unsure …) are the signs that keep a misreading from being silent, which
  // the silent-error count measures; they are no finding about the document, so gold does not list them.
  const raised: KeyedFlag[] = documentFlags.filter((flag) => !READING_DOUBT_CODES.includes(flag.code as FlagCode)).map((flag) => ({ key: `document\u0000${flag.code}\u0000${flag.path}`, ...describe(flag, "(document)") }));
  const documentCopies = new Set(documentFlags.map(copyKey));
  const goldOfGot = new Map(projects.pairs.map((pair) => [pair.got, pair.gold]));
  records.forEach((record, gotIndex) => {
    const goldIndex = goldOfGot.get(gotIndex);
    const scope = goldIndex === undefined ? `unmatched record ${gotIndex}` : `project ${goldIndex}`;
    const mapping = goldIndex === undefined ? undefined : indicators.get(goldIndex);
    for (const flag of record.flags) {
      if (documentCopies.has(copyKey(flag)) || READING_DOUBT_CODES.includes(flag.code as FlagCode)) continue;
      const path = mapIndicatorPath(flag.path, mapping);
      raised.push({ key: `${scope}\u0000${flag.code}\u0000${path}`, ...describe(flag, goldIndex === undefined ? record.project.name : gold.projects[goldIndex]!.projectName) });
    }
  });

  const counts = emptyDetection();
  const byCode: Record<string, DetectionCounts> = {};
  const mismatches: Mismatch[] = [];
  const unclaimed = new Map<string, KeyedFlag[]>();
  for (const flag of raised) unclaimed.set(flag.key, [...(unclaimed.get(flag.key) ?? []), flag]);
  const tally = (code: string) => (byCode[code] ??= emptyDetection());

  for (const flag of expected) {
    const same = unclaimed.get(flag.key);
    if (same && same.length > 0) {
      same.pop();
      counts.truePositives++;
      tally(flag.code).truePositives++;
      continue;
    }
    counts.falseNegatives++;
    tally(flag.code).falseNegatives++;
    mismatches.push({ kind: "missed-flag", project: flag.project, what: `flag ${flag.code}`, gold: flag.label, got: "(not raised)", source: flag.source, weight: 1 });
  }
  for (const flag of [...unclaimed.values()].flat()) {
    counts.falsePositives++;
    tally(flag.code).falsePositives++;
    mismatches.push({ kind: "extra-flag", project: flag.project, what: `flag ${flag.code}`, gold: "(not in gold)", got: flag.label, source: flag.source, weight: 1 });
  }
  return { counts, byCode, mismatches };
}

function describe(flag: Flag, project: string): Omit<KeyedFlag, "key"> {
  return {
    code: flag.code,
    project,
    label: `${flag.code} (${flag.severity}) at ${flag.path}: ${flag.message}`,
    source: flag.evidence ? [{ page: flag.evidence.page, text: flag.evidence.text, box: flag.evidence.box }] : [],
  };
}

/** What a document flag and its copy on a record share (the copy's evidence is the record's own cell). */
function copyKey(flag: Flag): string {
  return `${flag.code}\u0000${flag.path}\u0000${flag.message}`;
}

/** `indicators.5.value` → `indicators.6.value` when the record's indicator 5 is gold's 6; unmatched ones can never equal a gold path. */
function mapIndicatorPath(path: string, mapping: Matching | undefined): string {
  const match = /^indicators\.(\d+)(\..*)?$/.exec(path);
  if (!match) return path;
  const gotIndex = Number(match[1]);
  const pair = mapping?.pairs.find((candidate) => candidate.got === gotIndex);
  return pair ? `indicators.${pair.gold}${match[2] ?? ""}` : `indicators.unmatched-${gotIndex}${match[2] ?? ""}`;
}
