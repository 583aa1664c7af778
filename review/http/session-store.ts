import { randomBytes } from "node:crypto";

export interface SessionStoreOptions {
  /** Sessions kept at most; opening one more forgets the one used longest ago. @default 100 */
  readonly capacity?: number;
  /** A session unused for this long is forgotten. @default 12 hours */
  readonly idleMs?: number;
  readonly now?: () => number;
}

/**
 * The review server's sessions, bounded: every correct `?token=` opens one, so a client that opens them in a
 * loop (or a long-lived server visited from many browsers) must not grow memory without end. A forgotten
 * session only means opening the page with the token again.
 */
export class SessionStore {
  readonly #lastUsed = new Map<string, number>();
  readonly #capacity: number;
  readonly #idleMs: number;
  readonly #now: () => number;

  constructor(options: SessionStoreOptions = {}) {
    this.#capacity = options.capacity ?? 100;
    this.#idleMs = options.idleMs ?? 12 * 60 * 60 * 1000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#lastUsed.size;
  }

  open(): string {
    const session = randomBytes(32).toString("hex");
    this.#forgetIdle();
    // A Map iterates in insertion order, and `has` re-inserts on use: the first key is the least recently used.
    while (this.#lastUsed.size >= this.#capacity) this.#lastUsed.delete(this.#lastUsed.keys().next().value!);
    this.#lastUsed.set(session, this.#now());
    return session;
  }

  /** Whether the session is open; using it keeps it open. */
  has(session: string): boolean {
    const lastUsed = this.#lastUsed.get(session);
    if (lastUsed === undefined) return false;
    this.#lastUsed.delete(session);
    if (this.#now() - lastUsed > this.#idleMs) return false;
    this.#lastUsed.set(session, this.#now());
    return true;
  }

  #forgetIdle(): void {
    const now = this.#now();
    for (const [session, lastUsed] of this.#lastUsed) if (now - lastUsed > this.#idleMs) this.#lastUsed.delete(session);
  }
}
