import { createReadStream } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readJsonBody } from "./http/read-json-body.js";
import { sendBytes, sendJson } from "./http/send.js";
import { InvalidRequestError, NotFoundError } from "./review-errors.js";
import { DocumentQuerySchema, parseQuery, QueueQuerySchema } from "./queue-query.js";
import { BulkRequestSchema, CheckRequestSchema, DecisionRequestSchema, FlagVerdictRequestSchema, PromoteRequestSchema } from "./review-requests.js";
import type { ReviewService } from "./review-service.js";

interface RouteContext {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly service: ReviewService;
  /** The record id of `/api/records/:id/…`, decoded; looked up in the run, never used as a path. */
  readonly id: string;
  /** The rest of the path after the id. */
  readonly rest: readonly string[];
  readonly query: URLSearchParams;
}

type Method = "GET" | "POST";
type RecordRoute = (context: RouteContext) => Promise<void>;

/**
 * The JSON API. Everything about a record is reached by its id; the id only ever selects a record of the
 * run, and the files it leads to (its PDF, its pages) are the ones that record names.
 *
 * GET  /api/session                      reviewer, run, render scale
 * GET  /api/queue?q&code&document&region&status&all&offset&limit
 *                                        a page of the records that pass the filters, the review queue first,
 *                                        with counts, progress and the flag codes to filter by
 * GET  /api/documents?q&all&offset&limit documents with their progress, most left to do first
 * POST /api/bulk                         {code, action: false_positive|confirmed|accept|reject, note, filters}
 * GET  /api/records/:id                  the record with corrections, live flags, decision and history
 * GET  /api/records/:id/pages/:n         page n of its document as PNG
 * GET  /api/records/:id/document.pdf     its PDF, as a download
 * GET  /api/records/:id/neighbour?direction=next|previous&(filters)   the next record of the queue as filtered
 * POST /api/records/:id/flags            {code, path, verdict: false_positive|confirmed, note}
 * POST /api/records/:id/check            {edits}: apply and re-validate, store nothing
 * POST /api/records/:id/decision         {action: accept|correct|reject, note, edits?}
 * POST /api/records/:id/promote          {}: write the decided record as gold
 */
export async function handleApiRequest(request: IncomingMessage, response: ServerResponse, segments: readonly string[], service: ReviewService, query: URLSearchParams): Promise<void> {
  const method = request.method === "HEAD" ? "GET" : (request.method as Method);
  const [, resource, id, ...rest] = segments;
  if (resource === "session" && segments.length === 2 && method === "GET") return sendJson(response, 200, service.session());
  if (resource === "queue" && segments.length === 2 && method === "GET") return sendJson(response, 200, service.queue(parseQuery(QueueQuerySchema, query)));
  if (resource === "documents" && segments.length === 2 && method === "GET") return sendJson(response, 200, service.documents(parseQuery(DocumentQuerySchema, query)));
  if (resource === "bulk" && segments.length === 2 && method === "POST") return sendJson(response, 200, await service.bulk(await readJsonBody(request, BulkRequestSchema)));
  if (resource === "records" && id !== undefined && id !== "") {
    const route = RECORD_ROUTES[`${method} ${routeKey(rest)}`];
    if (route) return route({ request, response, service, id, rest, query });
  }
  throw new NotFoundError(`No ${method} ${segments.join("/")} in this API`);
}

/** `pages/3` → `pages/:n`, so page numbers share one route. */
function routeKey(rest: readonly string[]): string {
  return rest.map((segment, index) => (index === 1 && rest[0] === "pages" ? ":n" : segment)).join("/");
}

const RECORD_ROUTES: Readonly<Record<string, RecordRoute>> = {
  "GET ": async ({ response, service, id }) => sendJson(response, 200, await service.record(id)),

  "GET pages/:n": async ({ response, service, id, rest }) => {
    const page = rest[1] ?? "";
    if (!/^\d{1,5}$/.test(page)) throw new NotFoundError(`Page ${JSON.stringify(page.slice(0, 20))} is not a page number`);
    const png = await service.pageImage(id, Number(page));
    // Keyed by record id, whose document hash makes the image immutable.
    sendBytes(response, 200, "image/png", png, { "Cache-Control": "private, max-age=86400" });
  },

  "GET document.pdf": async ({ response, service, id }) => {
    const { file, name } = await service.documentFile(id);
    const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
    response.writeHead(200, {
      "Content-Type": "application/pdf",
      // A download, never rendered in the app's origin: the PDF is untrusted.
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
    createReadStream(file).on("error", () => response.destroy()).pipe(response);
  },

  "GET neighbour": async ({ response, service, id, query }) => {
    const params = new URLSearchParams(query);
    const direction = params.get("direction") ?? "next";
    if (direction !== "next" && direction !== "previous") throw new InvalidRequestError(`direction must be next or previous, not ${JSON.stringify(direction.slice(0, 20))}`);
    params.delete("direction");
    const filters = parseQuery(QueueQuerySchema, params);
    sendJson(response, 200, service.neighbour(id, direction === "next" ? 1 : -1, filters));
  },

  "POST flags": async ({ request, response, service, id }) => {
    const body = await readJsonBody(request, FlagVerdictRequestSchema);
    sendJson(response, 200, await service.flagVerdict(id, body));
  },

  "POST check": async ({ request, response, service, id }) => {
    const body = await readJsonBody(request, CheckRequestSchema);
    sendJson(response, 200, await service.check(id, body.edits));
  },

  "POST decision": async ({ request, response, service, id }) => {
    const body = await readJsonBody(request, DecisionRequestSchema);
    sendJson(response, 200, await service.decide(id, body));
  },

  "POST promote": async ({ request, response, service, id }) => {
    await readJsonBody(request, PromoteRequestSchema);
    sendJson(response, 200, await service.promote(id));
  },
};

/** Splits a URL path into decoded segments; a malformed escape is a bad request, not a crash. */
export function pathSegments(pathname: string): string[] {
  try {
    return pathname.split("/").slice(1).map((segment) => decodeURIComponent(segment));
  } catch (cause) {
    throw new InvalidRequestError(`The path ${JSON.stringify(pathname.slice(0, 100))} is not a valid URL path`, { cause });
  }
}
