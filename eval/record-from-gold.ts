import { buildRecord } from "../pipeline/domain/build-record.js";
import { NO_USAGE } from "../pipeline/extractors/extraction-result.js";
import type { Evidence } from "../schemas/evidence.js";
import type { Flag } from "../schemas/flag.js";
import type { GoldProject } from "../schemas/gold.js";
import type { ProjectRecord } from "../schemas/project-record.js";
import type { DocumentContext, ProjectUnit } from "../schemas/project-unit.js";
import { goldToExtracted } from "./gold-to-extracted.js";

/**
 * Test support: the record a perfect pipeline would write for a gold project — built by the pipeline's
 * own `buildRecord` from the gold values — with each indicator's level-3 evidence on its gold page, the
 * gold parsed values and the gold flags raised. Lets scorer tests start from a known-perfect record and
 * change one thing, without running the pipeline.
 */
export function recordFromGold(project: GoldProject, index = 0): ProjectRecord {
  const pageCount = Math.max(...project.pages);
  const unit: ProjectUnit = { index, kind: "project", family: "grid", pages: project.pages, heading: null, columns: [], rows: [], contextRows: [], captions: [] };
  const context: DocumentContext = {
    path: "gold.pdf",
    sha256: "0".repeat(64),
    pageCount,
    family: "grid",
    title: null,
    region: null,
    year: null,
    department: project.department,
    implementingUnit: null,
    departmentTotal: null,
    moneyUnit: null,
    segmentationDoubts: [],
    overview: [],
  };
  const record = buildRecord(unit, context, {
    project: goldToExtracted(project),
    extractor: "llm",
    model: "fake-model-1",
    promptVersion: "extract-project/v1",
    usage: NO_USAGE,
    failedAttemptUsage: NO_USAGE,
    attempts: 1,
    cached: false,
    uncertainties: [],
  });
  const evidence: Record<string, Evidence> = {};
  project.indicators.forEach((indicator, position) => {
    evidence[`indicators.${position}.level3`] = { page: indicator.page, text: indicator.level3, box: null };
    evidence[`indicators.${position}.value`] = { page: indicator.page, text: indicator.value, box: null };
  });
  const flags: Flag[] = project.flags.map((flag) => ({ code: flag.code, severity: flag.severity, path: flag.path, message: flag.why, evidence: null }));
  return {
    ...record,
    id: `gold-${String(index).padStart(3, "0")}`,
    indicators: record.indicators.map((indicator, position) => ({ ...indicator, value: project.indicators[position]!.parsed })),
    evidence,
    flags,
  };
}
