import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { InvalidRequestError, RequestRefusedError } from "../review-errors.js";
import { SessionStore, type SessionStoreOptions } from "./session-store.js";

/** The header a state-changing request must carry the page's CSRF token in. */
export const CSRF_HEADER = "x-review-csrf";
/** Cookie holding a session opened with the access token (never the token itself). */
export const SESSION_COOKIE = "review_session";

export interface RequestGuardOptions {
  /** Access token, or null when the server is loopback-only without one. */
  readonly token: string | null;
  /**
   * Host names the Host header may carry (with the port the request came in on), or null to skip the check: on
   * a non-loopback binding the machine's names are unknown, and the required token guards instead.
   */
  readonly hostNames: readonly string[] | null;
  /** Bounds on the sessions kept in memory. */
  readonly sessions?: SessionStoreOptions;
}

/**
 * Every check a request passes before a route sees it:
 * - Host: on a loopback binding only this machine's names are answered, which defeats DNS rebinding (a
 *   hostile site whose name resolves to 127.0.0.1 sends its own name as Host).
 * - Access token (when configured): a session cookie opened by `?token=…`, or `Authorization: Bearer`.
 * - State changes (POST): same Origin as Host, `Sec-Fetch-Site: same-origin` where the browser sends it, the
 *   per-server CSRF token (embedded in the page, unreadable cross-origin) in a custom header, and a JSON body —
 *   a cross-site form can do none of these, and a cross-site fetch cannot send the header without a CORS
 *   preflight this server never answers.
 */
export class RequestGuard {
  /** Random per server start: restarting invalidates every page's token and every session. */
  readonly csrfToken = randomBytes(32).toString("hex");
  private readonly token: string | null;
  private readonly hostNames: readonly string[] | null;
  private readonly sessions: SessionStore;

  constructor(options: RequestGuardOptions) {
    this.token = options.token;
    this.hostNames = options.hostNames?.map((name) => name.toLowerCase()) ?? null;
    this.sessions = new SessionStore(options.sessions);
  }

  get requiresToken(): boolean {
    return this.token !== null;
  }

  checkHost(request: IncomingMessage): void {
    if (this.hostNames === null) return;
    const host = (request.headers.host ?? "").toLowerCase();
    const port = request.socket.localPort;
    if (!this.hostNames.some((name) => host === `${name}:${port}`)) {
      throw new RequestRefusedError(`Host ${JSON.stringify(host.slice(0, 100))} is not this server: open it as http://127.0.0.1:PORT/`);
    }
  }

  /** True when the request may proceed; false when it needs the token (the caller answers 401). */
  isAuthorized(request: IncomingMessage): boolean {
    if (this.token === null) return true;
    const authorization = request.headers.authorization;
    if (authorization?.startsWith("Bearer ") && this.matchesToken(authorization.slice("Bearer ".length))) return true;
    const session = cookie(request, SESSION_COOKIE);
    return session !== null && this.sessions.has(session);
  }

  /** Opens a session for a correct `?token=`; returns the session id for the cookie, or null. */
  openSession(candidate: string | null): string | null {
    if (candidate === null || !this.matchesToken(candidate)) return null;
    return this.sessions.open();
  }

  /** @throws RequestRefusedError (403) or InvalidRequestError (415) when a POST could be cross-site. */
  checkStateChange(request: IncomingMessage): void {
    const origin = request.headers.origin;
    const host = request.headers.host;
    if (origin === undefined || host === undefined || origin !== `http://${host}`) {
      throw new RequestRefusedError(`Cross-origin request refused: Origin ${JSON.stringify((origin ?? "(none)").slice(0, 100))} is not this server`);
    }
    const site = request.headers["sec-fetch-site"];
    if (site !== undefined && site !== "same-origin") throw new RequestRefusedError(`Cross-site request refused (Sec-Fetch-Site: ${site})`);
    const csrf = request.headers[CSRF_HEADER];
    if (typeof csrf !== "string" || !equalSecrets(csrf, this.csrfToken)) {
      throw new RequestRefusedError(`Missing or wrong ${CSRF_HEADER} header: reload the page (the server was restarted?)`);
    }
    const contentType = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (contentType !== "application/json") throw new InvalidRequestError("Send the request body as application/json", { status: 415 });
  }

  private matchesToken(candidate: string): boolean {
    return this.token !== null && equalSecrets(candidate, this.token);
  }
}

/** Constant-time comparison of two secrets of any length (hashing first makes the lengths equal). */
function equalSecrets(a: string, b: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function cookie(request: IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return null;
}
