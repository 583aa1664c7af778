import { z } from "zod";
import type { ChatCompletionBody } from "../chat-completion-body.js";

/** The endpoint every line of our batches calls: the same chat completions as the synchronous path. */
export const BATCH_ENDPOINT = "/v1/chat/completions";

/** One line of a batch input file (OpenAI's format, also read by vLLM's `run-batch`). */
export function batchInputLine(customId: string, body: ChatCompletionBody): string {
  return JSON.stringify({ custom_id: customId, method: "POST", url: BATCH_ENDPOINT, body });
}

/**
 * One line of a batch's output or error file: the response the endpoint would have given (status and body),
 * or an error of the batch itself (`batch_expired`, `batch_cancelled`) with no response.
 */
export const BatchOutputLineSchema = z.object({
  custom_id: z.string(),
  response: z
    .object({
      status_code: z.number().int(),
      request_id: z.string().nullish(),
      body: z.unknown(),
    })
    .nullable(),
  error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullable(),
});
export type BatchOutputLine = z.infer<typeof BatchOutputLineSchema>;

/** Every line of a JSONL file; a line that is not JSON or not shaped as an output line is named in `damaged`. */
export function parseBatchOutput(text: string): { readonly lines: BatchOutputLine[]; readonly damaged: string[] } {
  const lines: BatchOutputLine[] = [];
  const damaged: string[] = [];
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      damaged.push(raw.slice(0, 200));
      continue;
    }
    const parsed = BatchOutputLineSchema.safeParse(json);
    if (parsed.success) lines.push(parsed.data);
    else damaged.push(raw.slice(0, 200));
  }
  return { lines, damaged };
}

/** The error message of a failed line, from the response body (`{ error: { message } }`) or the batch error. */
export function lineErrorMessage(line: BatchOutputLine): string {
  const body = line.response?.body as { error?: { message?: unknown } } | undefined;
  const message = typeof body?.error?.message === "string" ? body.error.message : (line.error?.message ?? line.error?.code ?? "no message");
  return line.response ? `HTTP ${line.response.status_code}: ${message}` : `${line.error?.code ?? "error"}: ${message}`;
}
