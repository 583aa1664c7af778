import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { stableStringify } from "../../schemas/to-json-schema.js";
import { writeFileAtomic } from "../io/write-file-atomic.js";

export const CachedReplySchema = z.object({
  content: z.string().nullable(),
  refusal: z.string().nullable(),
  finishReason: z.string().nullable(),
  model: z.string(),
  usage: z.object({ promptTokens: z.number(), completionTokens: z.number(), cachedPromptTokens: z.number().optional() }),
});
export type CachedReply = z.infer<typeof CachedReplySchema>;

/**
 * Everything that changes the model's answer. A key on the prompt alone would serve one answer to two
 * different tasks; this one changes with the endpoint, the model, the prompt version and text, the schema, the full
 * conversation (the input, and for a re-ask the rejected reply and its errors) and the attempt number.
 */
export interface CacheKeyParts {
  /** The base URL: two servers may serve different models under one name. */
  readonly endpoint: string;
  readonly model: string;
  readonly promptVersion: string;
  readonly promptHash: string;
  readonly schemaHash: string;
  readonly messages: unknown;
  readonly attempt: number;
  readonly temperature: number;
}

export function cacheKey(parts: CacheKeyParts): string {
  return createHash("sha256").update(stableStringify(parts)).digest("hex");
}

/** Content-addressed reply cache on disk: one JSON file per key, written atomically. */
export class ResponseCache {
  constructor(private readonly directory: string) {}

  private fileFor(key: string): string {
    return path.join(this.directory, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<CachedReply | null> {
    let text: string;
    try {
      text = await readFile(this.fileFor(key), "utf8");
    } catch {
      return null;
    }
    // A damaged entry is a miss, not a failure: the call is simply made again and the entry rewritten.
    const parsed = CachedReplySchema.safeParse(safeJson(text));
    return parsed.success ? parsed.data : null;
  }

  async set(key: string, reply: CachedReply): Promise<void> {
    await writeFileAtomic(this.fileFor(key), JSON.stringify(reply));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
