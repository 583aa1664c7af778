import { delay, http, HttpResponse } from "msw";
import { setupServer, type SetupServer } from "msw/node";

/** The endpoint every test points the pipeline at; msw answers it, nothing leaves the machine. */
export const FAKE_BASE_URL = "http://model.test/v1";
export const FAKE_MODEL = "fake-model-1";

export interface ChatCompletionBody {
  model: string;
  temperature?: number;
  messages: Array<{ role: string; content: string }>;
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
}

export interface RecordedRequest {
  readonly body: ChatCompletionBody;
  /** The body exactly as serialized on the wire: key order and bytes, for the prompt-cache prefix. */
  readonly rawBody: string;
  readonly authorization: string | null;
}

export type Responder = (body: ChatCompletionBody, index: number) => Response | Promise<Response>;

/** The answer to the pre-flight `GET /models`: a model list, as OpenAI and vLLM give it. */
export const modelList = (): Response => HttpResponse.json({ object: "list", data: [{ id: FAKE_MODEL, object: "model", owned_by: "test" }] });

/** A fake OpenAI-compatible `/chat/completions` that records what we sent and counts requests in flight. */
export class FakeModel {
  readonly requests: RecordedRequest[] = [];
  /** Pre-flight and circuit-breaker probes (`GET /models`) received. */
  probes = 0;
  answerModels: () => Response | Promise<Response> = modelList;
  inFlight = 0;
  peakInFlight = 0;
  readonly server: SetupServer;

  constructor(private respond: Responder) {
    this.server = setupServer(
      http.get(`${FAKE_BASE_URL}/models`, () => {
        this.probes++;
        return this.answerModels();
      }),
      http.post(`${FAKE_BASE_URL}/chat/completions`, async ({ request }) => {
        const rawBody = await request.text();
        const body = JSON.parse(rawBody) as ChatCompletionBody;
        const index = this.requests.length;
        this.requests.push({ body, rawBody, authorization: request.headers.get("authorization") });
        this.inFlight++;
        this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
        try {
          return await this.respond(body, index);
        } finally {
          this.inFlight--;
        }
      }),
    );
  }

  /** Replace the responder (between runs of one test). */
  use(respond: Responder): void {
    this.respond = respond;
  }

  listen(): void {
    this.server.listen({ onUnhandledRequest: "error" });
  }

  close(): void {
    this.server.close();
  }
}

/** A chat completion reply as an OpenAI-compatible server sends it. */
export function completion(
  content: string | null,
  options: CompletionOptions = {},
): Response {
  return HttpResponse.json(completionBody(content, options));
}

export interface CompletionOptions {
  finishReason?: string;
  refusal?: string | null;
  promptTokens?: number;
  completionTokens?: number;
  /** `usage.prompt_tokens_details.cached_tokens`: the prompt prefix the provider served from its cache. */
  cachedTokens?: number;
  model?: string;
}

/** The JSON of a chat completion (also the `response.body` of a batch output line). */
export function completionBody(content: string | null, options: CompletionOptions = {}): Record<string, unknown> {
  return {
    id: "chatcmpl-test",
    object: "chat.completion",
    created: 1_700_000_000,
    model: options.model ?? FAKE_MODEL,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: options.refusal ?? null },
        finish_reason: options.finishReason ?? "stop",
      },
    ],
    usage: {
      prompt_tokens: options.promptTokens ?? 1000,
      completion_tokens: options.completionTokens ?? 200,
      total_tokens: (options.promptTokens ?? 1000) + (options.completionTokens ?? 200),
      ...(options.cachedTokens !== undefined ? { prompt_tokens_details: { cached_tokens: options.cachedTokens, audio_tokens: 0 } } : {}),
    },
  };
}

export function httpError(status: number, headers: Record<string, string> = {}): Response {
  return HttpResponse.json({ error: { message: `fake ${status}`, type: "test_error" } }, { status, headers });
}

export { delay };

/** The document text of a request: what sits between the prompt's markers. */
export function unitTextOf(body: ChatCompletionBody): string {
  const user = body.messages.find((message) => message.role === "user")?.content ?? "";
  const match = /<<<DOCUMENT\n([\s\S]*?)\nDOCUMENT>>>/.exec(user);
  return match ? match[1]! : "";
}
