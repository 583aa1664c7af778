import type { ServerResponse } from "node:http";
import type { Logger } from "../../pipeline/logger.js";
import { ReviewError } from "../review-errors.js";

/** A JSON response with its length (no chunked encoding for small bodies). */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  response.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": bytes.length });
  response.end(bytes);
}

/** A binary response (PNG, page assets) with its type and length. */
export function sendBytes(response: ServerResponse, status: number, contentType: string, bytes: Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "Content-Type": contentType, "Content-Length": bytes.length, ...headers });
  response.end(bytes);
}

/**
 * A failed request as JSON `{ error: { code, message, issues } }`. A typed error says what went wrong; anything
 * else is a bug, logged with its message and answered without internals.
 */
export function sendError(response: ServerResponse, error: unknown, logger: Logger): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  if (error instanceof ReviewError) {
    sendJson(response, error.status, { error: { code: error.code, message: error.message, issues: error.issues } });
    return;
  }
  logger.warn("request-failed", { error: error instanceof Error ? error.message : String(error) });
  sendJson(response, 500, { error: { code: "internal", message: "The server failed on this request; its log says why", issues: [] } });
}
