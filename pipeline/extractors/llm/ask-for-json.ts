import type { ZodError, ZodType } from "zod";
import type { PromptTemplate } from "../../../prompts/load-prompt.js";
import type { TokenUsage } from "../../../schemas/project-record.js";
import type { JsonSchema } from "../../../schemas/to-json-schema.js";
import { ExtractionParseError } from "../../errors.js";
import type { ChatMessage, ChatReply, LlmGateway } from "../../llm/llm-gateway.js";
import type { CachedReply } from "../../llm/response-cache.js";
import { addUsage, NO_USAGE } from "../extraction-result.js";
import { reaskMessages } from "./project-messages.js";

/** The schema a request is constrained by, in the three forms it is used in. */
export interface ReplySchema<T> {
  readonly name: string;
  /** Validates and types the reply. */
  readonly zod: ZodType<T>;
  /** Sent with the request (`response_format: json_schema, strict`). */
  readonly json: JsonSchema;
  /** Part of the response-cache key. */
  readonly hash: string;
}

export interface JsonAnswer<T> {
  readonly value: T;
  readonly model: string;
  readonly usage: TokenUsage;
  readonly failedAttemptUsage: TokenUsage;
  readonly attempts: number;
  readonly cached: boolean;
}

export interface AskOptions {
  readonly gateway: LlmGateway;
  readonly prompt: PromptTemplate;
  readonly reaskTokenBudget: number;
  readonly signal: AbortSignal;
  readonly document: string;
  /** Names what was asked about in error messages (`Unit 3 (pages 4, 5)`). */
  readonly subject: string;
  /** Input tokens of the images in the messages, for the cost ceiling. */
  readonly imageTokens?: number;
}

type Verdict<T> = { ok: true; value: T } | { ok: false; reason: "not_json" | "schema_mismatch" | "empty"; problem: string; issues: string[] };

/**
 * One schema-constrained question. A reply that is not JSON or fails the schema is re-asked once with the errors
 * in the conversation, if the tokens already lost stay within the re-ask budget; a refusal or a reply cut by the
 * length limit is not re-asked (the same input would fail the same way). Failed attempts' tokens are counted.
 */
export async function askForJson<T>(schema: ReplySchema<T>, first: readonly ChatMessage[], options: AskOptions): Promise<JsonAnswer<T>> {
  const { gateway, prompt, reaskTokenBudget } = options;
  let messages: readonly ChatMessage[] = first;
  let usage: TokenUsage = NO_USAGE;
  let failedAttemptUsage: TokenUsage = NO_USAGE;
  let allCached = true;

  for (let attempt = 0; ; attempt++) {
    const reply = await gateway.complete(
      {
        messages,
        schemaName: schema.name,
        schema: schema.json,
        schemaHash: schema.hash,
        promptVersion: prompt.version,
        promptHash: prompt.hash,
        attempt,
        document: options.document,
        accept: (candidate) => isUsable(candidate, schema.zod),
        ...(options.imageTokens ? { imageTokens: options.imageTokens } : {}),
      },
      options.signal,
    );
    usage = addUsage(usage, reply.usage);
    allCached &&= reply.cached;
    const failure = (reason: ConstructorParameters<typeof ExtractionParseError>[1]["reason"], message: string, issues: string[] = []) =>
      new ExtractionParseError(`${options.subject}: ${message}`, {
        document: options.document,
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
    const verdict = judgeReply(reply, schema.zod);
    if (verdict.ok) return { value: verdict.value, model: reply.model, usage, failedAttemptUsage, attempts: attempt + 1, cached: allCached };
    failedAttemptUsage = addUsage(failedAttemptUsage, reply.usage);
    const spent = failedAttemptUsage.promptTokens + failedAttemptUsage.completionTokens;
    if (attempt >= 1) throw failure(verdict.reason, `${verdict.problem}, again after a re-ask`, verdict.issues);
    if (spent > reaskTokenBudget) {
      throw failure(
        "budget_exhausted",
        `${verdict.problem}; not re-asked: the failed attempt used ${spent} tokens, over the re-ask budget of ${reaskTokenBudget}`,
        verdict.issues,
      );
    }
    messages = reaskMessages(prompt, messages, reply.content ?? "", verdict.problem, verdict.issues);
  }
}

/** A reply askForJson would return as its answer: what the response cache may keep. */
function isUsable<T>(reply: ChatReply | CachedReply, schema: ZodType<T>): boolean {
  return !reply.refusal && reply.finishReason !== "length" && judgeReply(reply, schema).ok;
}

function judgeReply<T>(reply: ChatReply | CachedReply, schema: ZodType<T>): Verdict<T> {
  const content = reply.content?.trim() ?? "";
  if (content === "") return { ok: false, reason: "empty", problem: "the reply was empty", issues: [] };
  let json: unknown;
  try {
    json = JSON.parse(stripCodeFence(content));
  } catch (error) {
    return { ok: false, reason: "not_json", problem: "the reply was not valid JSON", issues: [error instanceof Error ? error.message : String(error)] };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
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
