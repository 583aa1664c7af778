import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import { InvalidRequestError } from "../review-errors.js";

/** A decision with every indicator of the largest sample project corrected is under 100 KB. */
const MAXIMUM_BODY_BYTES = 1024 * 1024;

/**
 * Reads a request body of at most 1 MiB as JSON and checks it against `schema`; the zod issues come back as
 * field issues, so the page can show them. Never trusts Content-Length alone: bytes are counted as they come.
 */
export async function readJsonBody<Schema extends z.ZodTypeAny>(request: IncomingMessage, schema: Schema): Promise<z.infer<Schema>> {
  const declared = Number(request.headers["content-length"] ?? "0");
  if (declared > MAXIMUM_BODY_BYTES) throw new InvalidRequestError(`The request body is larger than ${MAXIMUM_BODY_BYTES} bytes`, { status: 413 });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAXIMUM_BODY_BYTES) throw new InvalidRequestError(`The request body is larger than ${MAXIMUM_BODY_BYTES} bytes`, { status: 413 });
    chunks.push(chunk);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (cause) {
    throw new InvalidRequestError(`The request body is not JSON: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const first = issues[0];
    throw new InvalidRequestError(`The request does not match what the server expects${first ? ` (${first.path || "body"}: ${first.message})` : ""}`, { issues });
  }
  return parsed.data;
}
