import type { ZodError } from "zod";
import { ExtractedProjectSchema, type ExtractedProject } from "../../../schemas/extracted-project.js";
import type { TokenUsage } from "../../../schemas/project-record.js";
import { hashJsonSchema, toStrictJsonSchema } from "../../../schemas/to-json-schema.js";
import { ExtractionParseError } from "../../errors.js";
import type { ChatMessage, ChatReply } from "../../llm/llm-gateway.js";
import { addUsage, NO_USAGE, type ExtractionResult, type Extractor } from "../extraction-result.js";
import { projectMessages, reaskMessages } from "./project-messages.js";

/** The JSON schema sent with every request, derived once from the zod schema that validates the reply. */
export const PROJECT_JSON_SCHEMA = toStrictJsonSchema(ExtractedProjectSchema);
export const PROJECT_SCHEMA_HASH = hashJsonSchema(PROJECT_JSON_SCHEMA);
export const PROJECT_SCHEMA_NAME = "performance_target_project";

type Verdict = { ok: true; project: ExtractedProject } | { ok: false; reason: "not_json" | "schema_mismatch" | "empty"; problem: string; issues: string[] };

/**
 * One schema-constrained call per unit. A reply that is not JSON or fails the schema is re-asked once with
 * the errors in the conversation, if the tokens already lost stay within the unit's re-ask budget; a refusal
 * or a reply cut by the length limit is not re-asked (the same input would fail the same way).
 */
export const extractWithLlm: Extractor = async (unit, document, context) => {
  if (!context.llm) throw new Error("extractWithLlm needs an LLM gateway; the runner must not route here without one");
  const { gateway, prompt, reaskTokenBudget } = context.llm;
  let messages: ChatMessage[] = projectMessages(prompt, unit, document);
  let usage: TokenUsage = NO_USAGE;
  let failedAttemptUsage: TokenUsage = NO_USAGE;
  let allCached = true;

  for (let attempt = 0; ; attempt++) {
    const reply = await gateway.complete(
      {
        messages,
        schemaName: PROJECT_SCHEMA_NAME,
        schema: PROJECT_JSON_SCHEMA,
        schemaHash: PROJECT_SCHEMA_HASH,
        promptVersion: prompt.version,
        promptHash: prompt.hash,
        attempt,
        document: document.path,
      },
      context.signal,
    );
    usage = addUsage(usage, reply.usage);
    allCached &&= reply.cached;
    const failure = (reason: ConstructorParameters<typeof ExtractionParseError>[1]["reason"], message: string, issues: string[] = []) =>
      new ExtractionParseError(`Unit ${unit.index} (pages ${unit.pages.join(", ")}): ${message}`, {
        document: document.path,
        reason,
        rawText: reply.content ?? reply.refusal,
        finishReason: reply.finishReason,
        model: reply.model,
        usage,
        issues,
      });

    if (reply.refusal) throw failure("refusal", `the model refused: ${reply.refusal}`);
    if (reply.finishReason === "length") {
      throw failure("truncated", "the reply was cut off by the model's output limit (finish_reason length); raise the server's max tokens");
    }
    const verdict = judgeReply(reply);
    if (verdict.ok) {
      return {
        project: verdict.project,
        extractor: "llm",
        model: reply.model,
        promptVersion: prompt.version,
        usage,
        failedAttemptUsage,
        attempts: attempt + 1,
        cached: allCached,
        uncertainties: [],
      } satisfies ExtractionResult;
    }
    failedAttemptUsage = addUsage(failedAttemptUsage, reply.usage);
    const spent = failedAttemptUsage.promptTokens + failedAttemptUsage.completionTokens;
    if (attempt >= 1) throw failure(verdict.reason, `${verdict.problem}, again after a re-ask`, verdict.issues);
    if (spent > reaskTokenBudget) {
      throw failure(
        "budget_exhausted",
        `${verdict.problem}; not re-asked: the failed attempt used ${spent} tokens, over the unit's re-ask budget of ${reaskTokenBudget}`,
        verdict.issues,
      );
    }
    messages = reaskMessages(prompt, messages, reply.content ?? "", verdict.problem, verdict.issues);
  }
};

function judgeReply(reply: ChatReply): Verdict {
  const content = reply.content?.trim() ?? "";
  if (content === "") return { ok: false, reason: "empty", problem: "the reply was empty", issues: [] };
  let json: unknown;
  try {
    json = JSON.parse(stripCodeFence(content));
  } catch (error) {
    return { ok: false, reason: "not_json", problem: "the reply was not valid JSON", issues: [error instanceof Error ? error.message : String(error)] };
  }
  const parsed = ExtractedProjectSchema.safeParse(json);
  if (parsed.success) return { ok: true, project: parsed.data };
  return { ok: false, reason: "schema_mismatch", problem: "the JSON did not match the schema", issues: formatIssues(parsed.error) };
}

/** Servers without constrained decoding sometimes wrap JSON in a Markdown fence; that much is harmless. */
function stripCodeFence(text: string): string {
  const match = /^```(?:json)?\s*([\s\S]*?)\s*```$/.exec(text);
  return match ? match[1]! : text;
}

function formatIssues(error: ZodError): string[] {
  return error.issues.slice(0, 20).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
}
