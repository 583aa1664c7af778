import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isIPv6, type AddressInfo } from "node:net";
import { silentLogger, type Logger } from "../pipeline/logger.js";
import { RequestGuard, SESSION_COOKIE } from "./http/request-guard.js";
import { setSecurityHeaders } from "./http/security-headers.js";
import { sendBytes, sendError } from "./http/send.js";
import { loadStaticAssets, type StaticAsset } from "./http/static-assets.js";
import { InvalidRequestError, NotFoundError, RequestRefusedError, ReviewConfigError } from "./review-errors.js";
import { isLoopback, type ReviewOptions } from "./review-options.js";
import { handleApiRequest, pathSegments } from "./review-routes.js";
import { ReviewService, type ReviewServiceDependencies } from "./review-service.js";

export interface ReviewServer {
  /** Where the page is, e.g. `http://127.0.0.1:8377/` (never with the token in it). */
  readonly url: string;
  readonly port: number;
  readonly service: ReviewService;
  close(): Promise<void>;
}

/**
 * Starts the review app: the page (review/public, as-is) and its JSON API, on `options.host` (127.0.0.1 unless
 * told otherwise; `resolveReviewOptions` has already refused any other address without a token). Every
 * response carries a strict Content-Security-Policy; every request passes the `RequestGuard` first.
 */
export async function startReviewServer(options: ReviewOptions, dependencies: ReviewServiceDependencies = {}): Promise<ReviewServer> {
  const logger = dependencies.logger ?? silentLogger;
  const service = await ReviewService.open(options, dependencies);
  const guard = new RequestGuard({
    token: options.token,
    hostNames: isLoopback(options.host) ? ["127.0.0.1", "localhost", "[::1]", isIPv6(options.host) ? `[${options.host}]` : options.host] : null,
  });
  const assets = loadStaticAssets(guard.csrfToken);
  const server = createServer((request, response) => {
    void handle(request, response, { service, guard, assets, logger });
  });
  // Slow clients must not hold connections forever; nothing here takes long but a first page render.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;

  try {
    await listen(server, options.port, options.host);
  } catch (cause) {
    await service.close();
    throw new ReviewConfigError(`Cannot listen on ${options.host}:${options.port}: ${cause instanceof Error ? cause.message : String(cause)}`, cause);
  }
  const port = (server.address() as AddressInfo).port;
  const shownHost = isIPv6(options.host) ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    service,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await service.close();
    },
  };
}

interface Handling {
  readonly service: ReviewService;
  readonly guard: RequestGuard;
  readonly assets: ReadonlyMap<string, StaticAsset>;
  readonly logger: Logger;
}

async function handle(request: IncomingMessage, response: ServerResponse, { service, guard, assets, logger }: Handling): Promise<void> {
  setSecurityHeaders(response);
  try {
    const method = request.method ?? "GET";
    if (method !== "GET" && method !== "HEAD" && method !== "POST") {
      response.setHeader("Allow", "GET, HEAD, POST");
      throw new InvalidRequestError(`${method} is not supported here`, { status: 405 });
    }
    guard.checkHost(request);
    // Only the path and query are used; the base is never contacted.
    const url = new URL(request.url ?? "/", "http://review.invalid");
    if (!guard.isAuthorized(request)) {
      const session = method === "GET" ? guard.openSession(url.searchParams.get("token")) : null;
      if (session === null) throw new RequestRefusedError("This review server needs its access token: open it as http://HOST:PORT/?token=YOUR_TOKEN", 401);
      // The token leaves the address bar (and the history) at once; the session cookie carries on.
      response.writeHead(303, { Location: "/", "Set-Cookie": `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/` });
      response.end();
      return;
    }
    if (method === "POST") guard.checkStateChange(request);

    const segments = pathSegments(url.pathname);
    if (segments[0] === "api") {
      await handleApiRequest(request, response, segments, service, url.searchParams);
      return;
    }
    if (method === "POST") throw new InvalidRequestError("Only the API accepts POST", { status: 405 });
    const asset = assets.get(url.pathname);
    if (!asset) throw new NotFoundError(`No page at ${url.pathname.slice(0, 200)}`);
    sendBytes(response, 200, asset.contentType, asset.bytes);
  } catch (error) {
    sendError(response, error, logger);
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
