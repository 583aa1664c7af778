import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { completion, delay, FAKE_BASE_URL, FAKE_MODEL, FakeModel, httpError, modelList } from "../../test/fake-model.js";
import type { LlmConfig } from "../config.js";
import { ExtractionParseError, LlmCallError } from "../errors.js";
import { silentLogger } from "../logger.js";
import { createLlmGateway, type ChatRequest } from "./llm-gateway.js";
import { ResponseCache } from "./response-cache.js";

const config: LlmConfig = {
  baseUrl: FAKE_BASE_URL,
  apiKey: "sk-test",
  model: FAKE_MODEL,
  timeoutMs: 2_000,
  maxRetries: 3,
  concurrency: 2,
  requestsPerMinute: 0,
  reaskTokenBudget: 10_000,
  chunkCharacters: 6_000,
  maxRetryAfterMs: 60_000,
  breakerFailures: 0,
  breakerPauseMs: 0,
};

const request = (text: string, attempt = 0): ChatRequest => ({
  messages: [
    { role: "system", content: "sys" },
    { role: "user", content: text },
  ],
  schemaName: "s",
  schema: { type: "object" },
  schemaHash: "h1",
  promptVersion: "p/v1",
  promptHash: "ph",
  attempt,
  // The tests' schema: any JSON object is an answer.
  accept: (reply) => isJsonObject(reply.content),
});

function isJsonObject(text: string | null): boolean {
  try {
    const value: unknown = JSON.parse(text ?? "");
    return typeof value === "object" && value !== null;
  } catch {
    return false;
  }
}

const fake = new FakeModel(() => completion("{}"));
beforeAll(() => fake.listen());
afterEach(async () => {
  // A timed-out request is still sleeping in the fake server; let it finish so it is not counted twice.
  await vi.waitUntil(() => fake.inFlight === 0, { timeout: 5_000 });
  fake.requests.length = 0;
  fake.peakInFlight = 0;
});
afterAll(() => fake.close());

describe("createLlmGateway", () => {
  it("with countPerDocument keeps each document's requests, retries and cache hits apart, handed over once", async () => {
    fake.use((_body, index) => (index === 0 ? httpError(500) : completion('{"ok":true}')));
    const cache = new ResponseCache(mkdtempSync(path.join(tmpdir(), "gateway-cache-")));
    const gateway = createLlmGateway(config, { cache, logger: silentLogger, sleep: async () => {}, countPerDocument: true });
    await gateway.complete({ ...request("a"), document: "a.pdf" });
    await gateway.complete({ ...request("b"), document: "b.pdf" });
    await gateway.complete({ ...request("a"), document: "b.pdf" });
    expect(gateway.takeDocumentStats?.("a.pdf")).toEqual({ requests: 2, retries: 1, cacheHits: 0, refusedByBreaker: 0 });
    expect(gateway.takeDocumentStats?.("b.pdf")).toEqual({ requests: 1, retries: 0, cacheHits: 1, refusedByBreaker: 0 });
    // Taken is forgotten: a worker's long life does not grow with the documents it saw.
    expect(gateway.takeDocumentStats?.("a.pdf")).toEqual({ requests: 0, retries: 0, cacheHits: 0, refusedByBreaker: 0 });
    expect(gateway.stats).toMatchObject({ requests: 3, retries: 1, cacheHits: 1 });
  });

  it("honours Retry-After on a 429 and then returns the 200 reply", async () => {
    fake.use((_body, index) => (index === 0 ? httpError(429, { "retry-after": "2" }) : completion('{"ok":true}')));
    const waits: number[] = [];
    const gateway = createLlmGateway(config, { cache: null, logger: silentLogger, sleep: async (ms) => void waits.push(ms) });
    const reply = await gateway.complete(request("a"));
    expect(reply.content).toBe('{"ok":true}');
    expect(waits).toEqual([2000]);
    expect(gateway.stats).toMatchObject({ requests: 2, retries: 1 });
  });

  it("caps a server's absurd Retry-After instead of stalling the batch", async () => {
    fake.use((_body, index) => (index === 0 ? httpError(429, { "retry-after": "86400" }) : completion("{}")));
    const waits: number[] = [];
    const gateway = createLlmGateway({ ...config, maxRetryAfterMs: 30_000 }, { cache: null, logger: silentLogger, sleep: async (ms) => void waits.push(ms) });
    await gateway.complete(request("a"));
    expect(waits).toEqual([30_000]);
  });

  it("backs off exponentially on 5xx and gives up with a typed, retryable error after maxRetries", async () => {
    fake.use(() => httpError(503));
    const waits: number[] = [];
    const gateway = createLlmGateway(config, { cache: null, logger: silentLogger, sleep: async (ms) => void waits.push(ms) });
    const error = await gateway.complete(request("a")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LlmCallError);
    expect((error as LlmCallError).code).toBe("llm_http_503");
    expect((error as LlmCallError).isRetryable).toBe(true);
    expect(fake.requests).toHaveLength(4);
    expect(waits).toHaveLength(3);
    // 500, 1000, 2000 ms ± 25 % jitter
    expect(waits[0]!).toBeGreaterThanOrEqual(375);
    expect(waits[2]!).toBeGreaterThan(waits[0]!);
  });

  it("does not retry a 400: the same request would fail the same way", async () => {
    fake.use(() => httpError(400));
    const gateway = createLlmGateway(config, { cache: null, logger: silentLogger, sleep: async () => {} });
    await expect(gateway.complete(request("a"))).rejects.toMatchObject({ code: "llm_http_400" });
    expect(fake.requests).toHaveLength(1);
  });

  it("turns a server that never answers into an llm_timeout error", async () => {
    fake.use(async () => {
      await delay(1_000);
      return completion("{}");
    });
    const gateway = createLlmGateway({ ...config, timeoutMs: 100, maxRetries: 1 }, { cache: null, logger: silentLogger, sleep: async () => {} });
    await expect(gateway.complete(request("a"))).rejects.toMatchObject({ code: "llm_timeout" });
    expect(fake.requests).toHaveLength(2);
  });

  it("times out a reply whose headers arrive but whose body stalls, as llm_timeout, within --timeout-ms per attempt", async () => {
    const opened: ReadableStreamDefaultController<Uint8Array>[] = [];
    fake.use(() => {
      // Headers and the first bytes of the JSON, then nothing: the SDK's own timer is cleared by now.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          opened.push(controller);
          controller.enqueue(new TextEncoder().encode('{"id":"chatcmpl-stall","choices":['));
        },
      });
      return new HttpResponse(body, { status: 200, headers: { "content-type": "application/json" } });
    });
    const gateway = createLlmGateway({ ...config, timeoutMs: 200, maxRetries: 1 }, { cache: null, logger: silentLogger, sleep: async () => {} });
    const error = await gateway.complete(request("stall")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LlmCallError);
    expect(error).toMatchObject({ code: "llm_timeout" });
    expect((error as Error).message).toContain("200 ms");
    // The timeout applies per attempt: the retry stalled and timed out too.
    expect(fake.requests).toHaveLength(2);
    for (const controller of opened) controller.close();
  }, 10_000);

  it("takes a 200 reply with an HTML body for a reply that is not JSON, and does not retry it", async () => {
    fake.use(() => new HttpResponse("<html><body>Please log in</body></html>", { status: 200, headers: { "content-type": "text/html" } }));
    const gateway = createLlmGateway(config, { cache: null, logger: silentLogger, sleep: async () => {} });
    const error = await gateway.complete(request("portal")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExtractionParseError);
    expect(error).toMatchObject({ code: "llm_reply_not_json", rawText: "<html><body>Please log in</body></html>" });
    expect(fake.requests).toHaveLength(1);
  });

  it("takes a body that says it is JSON but is not for a reply that is not JSON", async () => {
    fake.use(() => new HttpResponse("<html>oops</html>", { status: 200, headers: { "content-type": "application/json" } }));
    const gateway = createLlmGateway(config, { cache: null, logger: silentLogger, sleep: async () => {} });
    await expect(gateway.complete(request("bad json"))).rejects.toMatchObject({ code: "llm_reply_not_json" });
    expect(fake.requests).toHaveLength(1);
  });

  it("never has more requests in flight than the concurrency cap", async () => {
    fake.use(async () => {
      await delay(30);
      return completion("{}");
    });
    const gateway = createLlmGateway({ ...config, concurrency: 3 }, { cache: null, logger: silentLogger });
    await Promise.all(Array.from({ length: 12 }, (_, index) => gateway.complete(request(`unit ${index}`))));
    expect(fake.requests).toHaveLength(12);
    expect(fake.peakInFlight).toBeLessThanOrEqual(3);
    expect(fake.peakInFlight).toBeGreaterThan(1);
  });

  it("sends the bearer key, the model, temperature 0 and the strict json_schema response format", async () => {
    fake.use(() => completion("{}"));
    const gateway = createLlmGateway(config, { cache: null, logger: silentLogger });
    await gateway.complete(request("hello"));
    const sent = fake.requests[0]!;
    expect(sent.authorization).toBe("Bearer sk-test");
    expect(sent.body.model).toBe(FAKE_MODEL);
    expect(sent.body.temperature).toBe(0);
    expect(sent.body.response_format).toEqual({ type: "json_schema", json_schema: { name: "s", strict: true, schema: { type: "object" } } });
  });

  it("serves a repeated request from the disk cache, but not a request that differs in attempt, schema or input", async () => {
    fake.use(() => completion('{"n":1}'));
    const cache = new ResponseCache(mkdtempSync(path.join(tmpdir(), "cache-")));
    const first = createLlmGateway(config, { cache, logger: silentLogger });
    await first.complete(request("same"));
    const second = createLlmGateway(config, { cache, logger: silentLogger });
    const cached = await second.complete(request("same"));
    expect(cached).toMatchObject({ cached: true, content: '{"n":1}' });
    expect(fake.requests).toHaveLength(1);
    await second.complete(request("same", 1));
    await second.complete({ ...request("same"), schemaHash: "h2" });
    await second.complete(request("other"));
    await createLlmGateway({ ...config, model: "other-model" }, { cache, logger: silentLogger }).complete(request("same"));
    expect(fake.requests).toHaveLength(5);
  });

  it("keys the cache on the endpoint: the same model name on another server is another model", async () => {
    fake.use(() => completion('{"n":1}'));
    const cache = new ResponseCache(mkdtempSync(path.join(tmpdir(), "cache-")));
    await createLlmGateway(config, { cache, logger: silentLogger }).complete(request("same"));
    const elsewhere = createLlmGateway({ ...config, baseUrl: `${FAKE_BASE_URL}/../v1/` }, { cache, logger: silentLogger });
    expect(await elsewhere.complete(request("same"))).toMatchObject({ cached: false });
    expect(fake.requests).toHaveLength(2);
  });

  it("does not cache a reply the caller rejected, so the next run asks again", async () => {
    const cache = new ResponseCache(mkdtempSync(path.join(tmpdir(), "cache-")));
    fake.use(() => completion("not json at all"));
    const rejected = await createLlmGateway(config, { cache, logger: silentLogger }).complete(request("same"));
    expect(rejected).toMatchObject({ cached: false, content: "not json at all" });
    fake.use(() => completion('{"n":2}'));
    const healthy = await createLlmGateway(config, { cache, logger: silentLogger }).complete(request("same"));
    expect(healthy).toMatchObject({ cached: false, content: '{"n":2}' });
    expect(fake.requests).toHaveLength(2);
    const again = await createLlmGateway(config, { cache, logger: silentLogger }).complete(request("same"));
    expect(again).toMatchObject({ cached: true, content: '{"n":2}' });
  });
});

describe("createLlmGateway when the provider is down", () => {
  afterEach(() => {
    fake.answerModels = modelList;
    fake.probes = 0;
  });

  it("stops sending after --breaker-failures consecutive failures, probes once, then fails every request fast with the provider's error", async () => {
    fake.use(() => HttpResponse.error());
    fake.answerModels = () => HttpResponse.error();
    const gateway = createLlmGateway({ ...config, maxRetries: 4, breakerFailures: 3, breakerPauseMs: 0 }, { cache: null, logger: silentLogger, sleep: async () => {} });
    const first = await gateway.complete(request("a")).catch((caught: unknown) => caught);
    expect(first).toMatchObject({ code: "llm_connection", isRetryable: false });
    expect((first as Error).message).toMatch(/model endpoint is down/);
    // Three attempts, not the five the retry budget allows; then one probe.
    expect(fake.requests).toHaveLength(3);
    expect(fake.probes).toBe(1);
    const rest = await Promise.all(["b", "c", "d"].map((text) => gateway.complete(request(text)).catch((caught: unknown) => caught)));
    expect(rest.map((error) => (error as LlmCallError).code)).toEqual(["llm_connection", "llm_connection", "llm_connection"]);
    expect(fake.requests).toHaveLength(3);
    expect(gateway.stats.refusedByBreaker).toBe(4);
  });

  it("says up front that the endpoint is unreachable, and sends no request after the probe fails too", async () => {
    fake.use(() => httpError(500));
    fake.answerModels = () => httpError(500);
    const gateway = createLlmGateway({ ...config, breakerFailures: 3, breakerPauseMs: 0 }, { cache: null, logger: silentLogger, sleep: async () => {} });
    expect(await gateway.checkEndpoint()).toMatchObject({ code: "llm_http_500" });
    await expect(gateway.complete(request("a"))).rejects.toMatchObject({ code: "llm_http_500", isRetryable: false });
    expect(fake.requests).toHaveLength(0);
    expect(fake.probes).toBe(2);
  });

  it("takes a server without GET /models (404) for one that answers", async () => {
    fake.use(() => completion("{}"));
    fake.answerModels = () => httpError(404);
    const gateway = createLlmGateway({ ...config, breakerFailures: 3, breakerPauseMs: 0 }, { cache: null, logger: silentLogger, sleep: async () => {} });
    expect(await gateway.checkEndpoint()).toBeNull();
    await expect(gateway.complete(request("a"))).resolves.toMatchObject({ content: "{}" });
  });

  it("sends the key with the pre-flight check, and a 401 there is a failure", async () => {
    fake.answerModels = () => httpError(401);
    const gateway = createLlmGateway(config, { cache: null, logger: silentLogger, sleep: async () => {} });
    expect(await gateway.checkEndpoint()).toMatchObject({ code: "llm_http_401" });
  });
});

describe("createLlmGateway with a requests-per-minute cap", () => {
  it("spaces request starts evenly so no minute (or second) exceeds the cap", async () => {
    const starts: number[] = [];
    fake.use(() => {
      starts.push(performance.now());
      return completion("{}");
    });
    // 1200 per minute = one start every 50 ms.
    const gateway = createLlmGateway({ ...config, concurrency: 8, requestsPerMinute: 1200 }, { cache: null, logger: silentLogger });
    await Promise.all(Array.from({ length: 6 }, (_, index) => gateway.complete(request(`rpm ${index}`))));
    // At most one start per 50 ms window: six starts span at least four whole windows, however loaded the
    // machine (load only stretches the span); a per-minute window would have let all six start at once.
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(190);
  });
});
