import { createHash } from "node:crypto";
import type { ZodTypeAny } from "zod";
import { zodToJsonSchema } from "zod-to-json-schema";

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON schema sent to the model for `response_format: json_schema, strict: true`.
 * `openAi` target keeps every property required and uses nullable types for optional values, which is what
 * strict mode demands; `$refStrategy: none` inlines definitions because some OpenAI-compatible servers
 * (llama.cpp, older vLLM) do not resolve `$ref`.
 */
export function toStrictJsonSchema(schema: ZodTypeAny): JsonSchema {
  const json = zodToJsonSchema(schema, { target: "openAi", $refStrategy: "none" }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** Stable hash of a JSON schema, part of the response-cache key: a schema change must miss the cache. */
export function hashJsonSchema(schema: JsonSchema): string {
  return createHash("sha256").update(stableStringify(schema)).digest("hex").slice(0, 16);
}

/** JSON.stringify with sorted object keys, so equal values always hash equal. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${stableStringify(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
