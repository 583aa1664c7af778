import { toFen } from "../pipeline/domain/money.js";
import { splitLevel2 } from "../pipeline/domain/taxonomy.js";
import type { Flag } from "../schemas/flag.js";
import type { GoldProject } from "../schemas/gold.js";
import type { Evidence } from "../schemas/evidence.js";
import type { Amount, ProjectRecord } from "../schemas/project-record.js";

/**
 * Test support: the record a perfect pipeline would write for a gold project, with each indicator's
 * level-3 evidence on its gold page and the gold flags raised. Lets scorer tests start from a known-perfect
 * record and change one thing, without running the pipeline.
 */
export function recordFromGold(project: GoldProject, index = 0): ProjectRecord {
  const evidence: Record<string, Evidence> = {};
  project.indicators.forEach((indicator, position) => {
    evidence[`indicators.${position}.level3`] = { page: indicator.page, text: indicator.level3, box: null };
    evidence[`indicators.${position}.value`] = { page: indicator.page, text: indicator.value, box: null };
  });
  const amount = (raw: string | null): Amount | null => (raw === null ? null : { raw, fen: project.moneyUnit ? toFen(raw, project.moneyUnit) : null });
  const flags: Flag[] = project.flags.map((flag) => ({ code: flag.code, severity: flag.severity, path: flag.path, message: flag.why, evidence: null }));
  return {
    id: `gold-${String(index).padStart(3, "0")}`,
    document: { path: "gold.pdf", sha256: "0".repeat(64), pageCount: Math.max(...project.pages), title: null, region: null, year: null },
    unit: { index, family: "grid", pages: project.pages, department: project.department, departmentTotal: null },
    extraction: {
      extractor: "llm",
      model: "fake-model-1",
      promptVersion: "extract-project/v1",
      usage: { promptTokens: 0, completionTokens: 0 },
      failedAttemptUsage: { promptTokens: 0, completionTokens: 0 },
      attempts: 1,
      cached: false,
      uncertainties: [],
    },
    project: {
      name: project.projectName,
      code: project.projectCode,
      attribute: project.projectAttribute,
      period: project.projectPeriod,
      department: project.department,
      implementingUnit: project.implementingUnit,
    },
    money: { unit: project.moneyUnit, total: amount(project.totalAmount), fiscal: amount(project.fiscalAmount), other: amount(project.otherAmount), use: project.fundUse },
    goals: project.goals,
    spendingSchedule: project.spendingSchedule?.map((entry) => ({ checkpoint: entry.checkpoint, raw: entry.percent, percent: null })) ?? null,
    indicators: project.indicators.map((indicator) => {
      const level2 = splitLevel2(indicator.level2);
      return {
        level1: indicator.level1,
        level2: level2.name,
        level2Raw: indicator.level2,
        level2Annotation: level2.annotation,
        required: level2.required,
        level3: indicator.level3,
        value: indicator.parsed,
        description: indicator.description,
        basis: indicator.basis,
      };
    }),
    evidence,
    flags,
  };
}
