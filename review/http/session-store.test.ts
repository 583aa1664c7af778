import { describe, expect, it } from "vitest";
import { RequestGuard, SESSION_COOKIE } from "./request-guard.js";
import { SessionStore } from "./session-store.js";
import type { IncomingMessage } from "node:http";

describe("SessionStore", () => {
  it("keeps at most its capacity, forgetting the session used longest ago", () => {
    const sessions = new SessionStore({ capacity: 3 });
    const [first, second, third] = [sessions.open(), sessions.open(), sessions.open()];
    expect(sessions.has(first)).toBe(true);
    const fourth = sessions.open();
    expect(sessions.size).toBe(3);
    // `second` was the least recently used once `first` was used again.
    expect(sessions.has(second)).toBe(false);
    expect([first, third, fourth].every((session) => sessions.has(session))).toBe(true);
  });

  it("forgets a session left idle longer than idleMs", () => {
    let now = 0;
    const sessions = new SessionStore({ idleMs: 1_000, now: () => now });
    const session = sessions.open();
    now = 900;
    expect(sessions.has(session)).toBe(true);
    now = 2_000;
    expect(sessions.has(session)).toBe(false);
    expect(sessions.size).toBe(0);
  });

  it("bounds the sessions a token holder can open in a loop through the request guard", () => {
    const guard = new RequestGuard({ token: "secret", hostNames: null, sessions: { capacity: 10 } });
    const opened = Array.from({ length: 1_000 }, () => guard.openSession("secret")!);
    const request = (session: string) => ({ headers: { cookie: `${SESSION_COOKIE}=${session}` } }) as unknown as IncomingMessage;
    expect(opened.filter((session) => guard.isAuthorized(request(session)))).toHaveLength(10);
    expect(guard.isAuthorized(request(opened.at(-1)!))).toBe(true);
  });
});
