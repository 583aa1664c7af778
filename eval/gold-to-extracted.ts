import { ExtractedProjectSchema, type ExtractedProject } from "../schemas/extracted-project.js";
import type { GoldProject } from "../schemas/gold.js";

/**
 * The reply a perfect model would give for a gold project: the gold record without what only gold has
 * (pages, flags, notes, each indicator's page and parsed value). Parsing with the extractor's own schema
 * strips exactly those keys and nothing else, and stays right when either schema gains a field.
 */
export function goldToExtracted(project: GoldProject): ExtractedProject {
  return ExtractedProjectSchema.parse(project);
}
