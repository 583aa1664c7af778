import type { ExtractedProject } from "../../../schemas/extracted-project.js";

/** What the rules extractor read from one unit, and why it may be wrong. */
export interface RulesResult {
  readonly project: ExtractedProject;
  /**
   * Short English sentences naming the row or page the extractor was unsure of. Empty means sure: the
   * `auto` extractor keeps a result only when this is empty, so a doubt costs an LLM call and a missed
   * doubt costs accuracy.
   */
  readonly uncertainties: readonly string[];
}
