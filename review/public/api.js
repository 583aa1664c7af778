/**
 * The JSON API. Every state-changing request carries the per-server CSRF token from the page's <meta> in a
 * custom header, with a JSON body: the server refuses a POST without both.
 */

const csrfToken = document.querySelector('meta[name="review-csrf"]')?.getAttribute("content") ?? "";

/** An API failure with the server's code, message and field issues. */
export class ApiError extends Error {
  /** @param {number} status @param {{ code?: string, message?: string, issues?: Array<{ path: string, message: string }> }} body */
  constructor(status, body) {
    super(body.message ?? `The server answered ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.code = body.code ?? "unknown";
    this.issues = body.issues ?? [];
  }
}

/** @param {string} path */
export function getJson(path) {
  return request(path, { method: "GET", headers: { Accept: "application/json" } });
}

/** @param {string} path @param {unknown} body */
export function postJson(path, body) {
  return request(path, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-Review-CSRF": csrfToken },
    body: JSON.stringify(body),
  });
}

/** `/api/records/<id>` with the id escaped: ids come from the run's data. @param {string} id @param {string} [rest] */
export function recordPath(id, rest = "") {
  return `/api/records/${encodeURIComponent(id)}${rest ? `/${rest}` : ""}`;
}

/** @param {string} path @param {RequestInit} init */
async function request(path, init) {
  const response = await fetch(path, { ...init, credentials: "same-origin", cache: "no-store" });
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(response.status, { message: `The server answered ${response.status} without JSON` });
  }
  if (!response.ok) throw new ApiError(response.status, body?.error ?? {});
  return body;
}
