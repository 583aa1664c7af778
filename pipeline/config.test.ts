import { describe, expect, it } from "vitest";
import { resolveConfig } from "./config.js";
import { ConfigError } from "./errors.js";

describe("resolveConfig", () => {
  it("uses the offline rules extractor and says why when no endpoint is configured", () => {
    const config = resolveConfig({ inputs: ["a.pdf"] }, {}, false);
    expect(config.extractor).toBe("rules");
    expect(config.extractorReason).toMatch(/no LLM endpoint is configured.*OPENAI_BASE_URL/);
    expect(config.llm).toBeNull();
  });

  it("defaults to auto when an endpoint and a model are configured in the environment", () => {
    const config = resolveConfig({}, { OPENAI_BASE_URL: "http://localhost:8000/v1", OPENAI_MODEL: "qwen2.5-7b" }, false);
    expect(config.extractor).toBe("auto");
    expect(config.llm).toMatchObject({ baseUrl: "http://localhost:8000/v1", model: "qwen2.5-7b", apiKey: "not-needed" });
  });

  it("lets flags win over the environment", () => {
    const config = resolveConfig(
      { model: "from-flag", extractor: "llm", llmConcurrency: "2", requestsPerMinute: "30" },
      { OPENAI_API_KEY: "sk-env", OPENAI_MODEL: "from-env" },
      false,
    );
    expect(config.llm).toMatchObject({ model: "from-flag", apiKey: "sk-env", concurrency: 2, requestsPerMinute: 30 });
  });

  it("resolves the cost limits of one document and the circuit breaker, flags over environment over defaults", () => {
    expect(resolveConfig({ inputs: ["a.pdf"] }, {}, false).limits).toEqual({
      maxInflatedBytes: 256 * 1024 * 1024,
      maxOperators: 20_000_000,
      readTimeoutMs: 600_000,
      workerMemoryMb: 4096,
    });
    const config = resolveConfig(
      { maxInflatedMb: "64", maxReadSeconds: 30, extractor: "llm", model: "m", breakerFailures: "0" },
      { OPENAI_BASE_URL: "http://localhost:8000/v1", INGEST_MAX_INFLATED_MB: "1", INGEST_MAX_WORKER_MEMORY_MB: "1024", INGEST_BREAKER_PAUSE_MS: "5000" },
      false,
    );
    expect(config.limits).toMatchObject({ maxInflatedBytes: 64 * 1024 * 1024, readTimeoutMs: 30_000, workerMemoryMb: 1024 });
    expect(config.llm).toMatchObject({ breakerFailures: 0, breakerPauseMs: 5000 });
    expect(() => resolveConfig({ maxOperators: "0" }, {}, false)).toThrow("Expected `--max-operators` to be a number from 1 and up, got `0`");
  });

  it.each([
    [{ extractor: "llm" }, {}, /OPENAI_BASE_URL is not set: pass --base-url or set the variable/],
    [{ extractor: "magic" }, {}, /Expected `--extractor` to be one of rules, llm, auto, got `magic`/],
    [{ extractor: "llm" }, { OPENAI_API_KEY: "sk" }, /No model name: pass --model or set OPENAI_MODEL/],
    [{ concurrency: "0" }, {}, /Expected `--concurrency` to be a number from 1 and up, got `0`/],
    [{ extractor: "llm", model: "m", llmConcurrency: "two" }, { OPENAI_API_KEY: "sk" }, /Expected `--llm-concurrency` to be a whole number, got `two`/],
    [{ progress: "fancy" }, {}, /Expected `--progress` to be one of bar, lines, none/],
    [{ headers: "fr" }, {}, /Expected `--headers` to be one of en, zh, got `fr`/],
    [{}, { INGEST_LOG_FORMAT: "xml" }, /Expected `--log-format` to be one of lines, json, got `xml`/],
  ])("rejects %j with a message that says what to do", (options, env, message) => {
    expect(() => resolveConfig(options, env, false)).toThrow(ConfigError);
    expect(() => resolveConfig(options, env, false)).toThrow(message);
  });

  it("never puts the API key in the reason it prints", () => {
    const config = resolveConfig({ model: "m" }, { OPENAI_API_KEY: "sk-secret-123" }, false);
    expect(JSON.stringify({ ...config, llm: { ...config.llm, apiKey: undefined } })).not.toContain("sk-secret-123");
    expect(config.extractorReason).not.toContain("sk-secret-123");
  });

  it("writes English headers and line logs by default, and keeps progress off stderr's JSON log unless asked for", () => {
    expect(resolveConfig({}, {}, true)).toMatchObject({ headers: "en", logFormat: "lines", progress: "bar" });
    expect(resolveConfig({ headers: "zh", logFormat: "json" }, {}, true)).toMatchObject({ headers: "zh", logFormat: "json", progress: "none" });
    expect(resolveConfig({ progress: "lines" }, { INGEST_LOG_FORMAT: "json", INGEST_HEADERS: "zh" }, false)).toMatchObject({ headers: "zh", logFormat: "json", progress: "lines" });
  });
});
