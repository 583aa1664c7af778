import type { ServerResponse } from "node:http";

/**
 * Content-Security-Policy of every response. Scripts, styles and images only from this server, no inline
 * script or style, no plugins, no framing, no form posts, no <base>. `require-trusted-types-for 'script'` with
 * no policy allowed makes the browser itself refuse any string assigned to innerHTML, outerHTML,
 * insertAdjacentHTML or document.write, so document text can only ever reach the page as text.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join("; ");

/** Headers set on every response, before any other: an error page is as protected as the app. */
export function setSecurityHeaders(response: ServerResponse): void {
  response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  response.setHeader("X-Content-Type-Options", "nosniff");
  response.setHeader("X-Frame-Options", "DENY");
  response.setHeader("Referrer-Policy", "no-referrer");
  response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
  response.setHeader("Cache-Control", "no-store");
}
