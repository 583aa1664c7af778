import { describe, expect, it } from "vitest";
import { redactUrl, resolveConfig } from "../../pipeline/config.js";
import { ConfigError } from "../../pipeline/errors.js";
import { resolveWorkerOptions } from "../../pipeline/queue/start-worker.js";

describe("queue options", () => {
  it("runs in this process without --queue, and on the queue with a redis:// URL (3 attempts by default)", () => {
    expect(resolveConfig({}, {}, false).queue).toBeNull();
    expect(resolveConfig({ queue: "redis://10.0.0.5:6379/2" }, {}, false).queue).toEqual({ url: "redis://10.0.0.5:6379/2", attempts: 3, pollMs: 500 });
    expect(resolveConfig({}, { INGEST_QUEUE: "redis://localhost:6379", INGEST_QUEUE_ATTEMPTS: "5" }, false).queue).toMatchObject({ attempts: 5 });
  });

  it("refuses a URL that is not redis://HOST:PORT[/DB], without printing its password", () => {
    expect(() => resolveConfig({ queue: "http://user:secret@host:6379" }, {}, false)).toThrow(ConfigError);
    expect(() => resolveConfig({ queue: "http://user:secret@host:6379" }, {}, false)).toThrow(/user:\*\*\*@host/);
    expect(redactUrl("redis://default:hunter2@10.0.0.5:6379")).toBe("redis://default:***@10.0.0.5:6379");
  });

  it("refuses --max-cost and --llm-mode batch with --queue: each worker would keep its own ceiling and its own batches", () => {
    const endpoint = { OPENAI_BASE_URL: "http://model.test/v1", OPENAI_MODEL: "gpt-4o-mini" };
    expect(() => resolveConfig({ queue: "redis://localhost:6379", maxCost: "5" }, endpoint, false)).toThrow(/--max-cost is not available with --queue/);
    expect(() => resolveConfig({ queue: "redis://localhost:6379", llmMode: "batch" }, endpoint, false)).toThrow(/--llm-mode batch is not available with --queue/);
    // Each alone is as before.
    expect(resolveConfig({ maxCost: "5" }, endpoint, false).maxCost).not.toBeNull();
    expect(resolveConfig({ queue: "redis://localhost:6379", llmMode: "sync" }, endpoint, false).llmMode.mode).toBe("sync");
  });

  it("a worker serves both stages by default, the ones listed with --stages, and refuses others", () => {
    expect(resolveWorkerOptions({ queue: "redis://localhost:6379", concurrency: "3" }, {})).toMatchObject({ stages: ["read", "extract"], concurrency: 3, lockMs: 30_000 });
    expect(resolveWorkerOptions({ queue: "redis://localhost:6379", stages: "extract" }, { INGEST_QUEUE_LOCK_MS: "2000" })).toMatchObject({ stages: ["extract"], lockMs: 2_000 });
    expect(() => resolveWorkerOptions({ queue: "redis://localhost:6379", stages: "read,ocr" }, {})).toThrow(/--stages/);
    expect(() => resolveWorkerOptions({}, {})).toThrow(/--queue/);
    expect(() => resolveWorkerOptions({ queue: "redis://localhost:6379", concurrency: "0" }, {})).toThrow(/--concurrency/);
  });
});
