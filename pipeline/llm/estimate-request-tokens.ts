import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import type { ChatMessage, ChatRequest } from "./llm-gateway.js";

/** What the chat format adds per message (role markers) on OpenAI's models. */
const TOKENS_PER_MESSAGE = 4;

/**
 * A request's input tokens before it is sent, counted with o200k (GPT-4o's tokenizer): every message's text,
 * the JSON schema (OpenAI puts it in front of the system message), and a message's images at what the
 * vision path says they cost. Another model's tokenizer counts differently; `CostCeiling` scales this count
 * by what the server reported for earlier requests.
 */
export function countRequestTokens(request: Pick<ChatRequest, "messages" | "schema"> & { readonly imageTokens?: number }): number {
  const text = request.messages.reduce((total, message) => total + TOKENS_PER_MESSAGE + countTokens(textOf(message)), 0);
  return text + countTokens(JSON.stringify(request.schema)) + (request.imageTokens ?? 0);
}

/** The text of a message, its text parts joined (image parts are counted apart). */
export function textOf(message: ChatMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
}
