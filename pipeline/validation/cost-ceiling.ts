import type { Flag } from "../../schemas/flag.js";
import type { RuleGroup } from "./rule.js";

/**
 * A unit that needed the model but was left with the rules' reading because the run's `--max-cost` was
 * reached: in the review queue, so a capped run does not pass off an unchecked reading as the model's.
 */
export const COST_CEILING_RULES: RuleGroup<"llm_not_sent_cost_ceiling"> = {
  llm_not_sent_cost_ceiling: {
    scope: "record",
    check: (record): Flag[] =>
      record.extraction.notSentToModel === "cost_ceiling"
        ? [
            {
              code: "llm_not_sent_cost_ceiling",
              severity: "warning",
              path: "extraction",
              message: "The run's --max-cost was reached before this unit could go to the model: this is the rules' reading. Re-run with a higher ceiling to have it read.",
              evidence: record.evidence["project.name"] ?? null,
            },
          ]
        : [],
  },
};
