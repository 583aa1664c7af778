import { ExtractedProjectSchema } from "../../../schemas/extracted-project.js";
import { hashJsonSchema, toStrictJsonSchema } from "../../../schemas/to-json-schema.js";
import type { ExtractionResult, Extractor } from "../extraction-result.js";
import { askForJson, type ReplySchema } from "./ask-for-json.js";
import { projectMessages } from "./project-messages.js";

/** The JSON schema sent with every request, derived once from the zod schema that validates the reply. */
export const PROJECT_JSON_SCHEMA = toStrictJsonSchema(ExtractedProjectSchema);
export const PROJECT_SCHEMA_HASH = hashJsonSchema(PROJECT_JSON_SCHEMA);
export const PROJECT_SCHEMA_NAME = "performance_target_project";

const PROJECT_REPLY: ReplySchema<(typeof ExtractedProjectSchema)["_output"]> = {
  name: PROJECT_SCHEMA_NAME,
  zod: ExtractedProjectSchema,
  json: PROJECT_JSON_SCHEMA,
  hash: PROJECT_SCHEMA_HASH,
};

/** One schema-constrained call per unit (re-asked once on a reply the schema rejects; see `askForJson`). */
export const extractWithLlm: Extractor = async (unit, document, context) => {
  if (!context.llm) throw new Error("extractWithLlm needs an LLM gateway; the runner must not route here without one");
  const { gateway, prompt, reaskTokenBudget } = context.llm;
  const answer = await askForJson(PROJECT_REPLY, projectMessages(prompt, unit, document), {
    gateway,
    prompt,
    reaskTokenBudget,
    signal: context.signal,
    document: document.path,
    subject: `Unit ${unit.index} (pages ${unit.pages.join(", ")})`,
  });
  return {
    project: answer.value,
    extractor: "llm",
    model: answer.model,
    promptVersion: prompt.version,
    usage: answer.usage,
    failedAttemptUsage: answer.failedAttemptUsage,
    attempts: answer.attempts,
    cached: answer.cached,
    uncertainties: [],
  } satisfies ExtractionResult;
};
