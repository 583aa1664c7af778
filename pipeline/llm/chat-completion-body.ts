import type { ChatRequest } from "./llm-gateway.js";

/** The JSON body of one `POST /chat/completions`, as sent synchronously and as a line of a batch file. */
export interface ChatCompletionBody {
  readonly model: string;
  readonly temperature: number;
  readonly response_format: { readonly type: "json_schema"; readonly json_schema: { readonly name: string; readonly strict: true; readonly schema: unknown } };
  readonly messages: ReadonlyArray<{ readonly role: ChatRequest["messages"][number]["role"]; readonly content: ChatRequest["messages"][number]["content"] }>;
}

export const TEMPERATURE = 0;

/**
 * Keys in the order they are serialized: everything the same for every unit (model, temperature, the schema,
 * then the messages, whose system prompt and static instructions come before the document) ahead of the one
 * part that differs. Providers discount a repeated prefix of 1,024 tokens or more (OpenAI's prompt caching,
 * vLLM's prefix caching), and a server that hashes the body as sent sees the same prefix for every unit.
 */
export function chatCompletionBody(model: string, request: Pick<ChatRequest, "messages" | "schemaName" | "schema">): ChatCompletionBody {
  return {
    model,
    temperature: TEMPERATURE,
    response_format: { type: "json_schema", json_schema: { name: request.schemaName, strict: true, schema: request.schema } },
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
  };
}
