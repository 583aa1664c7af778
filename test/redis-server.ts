import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";

/**
 * A real redis-server for the queue's tests: its own port and directory, no snapshots (`--save ''`), gone
 * with the test. Nothing in these tests mocks the queue.
 */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** Kills the server (SIGKILL: its data goes, as it would in a crash without persistence). */
  kill(): Promise<void>;
  /** A fresh, empty server on the same port. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Whether the queue tests can run: redis-server on the PATH. Missing, they are skipped with a message on a
 * developer's machine, and fail in CI (CI=true), where scripts/install-system-deps.sh installs it.
 */
export function redisServerMissing(): string | null {
  const found = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
  if (found) return null;
  if (process.env.CI === "true") throw new Error("redis-server is not installed, and CI must run the queue tests: scripts/install-system-deps.sh --install installs it");
  const message = "redis-server is not on the PATH: the queue tests are skipped (npm run setup installs it)";
  process.stderr.write(`${message}\n`);
  return message;
}

export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  const directory = mkdtempSync(path.join(tmpdir(), "redis-"));
  let server: ChildProcess | null = null;
  const start = async () => {
    server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    await waitForPing(port);
  };
  const kill = async () => {
    const running = server;
    server = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, kill, start, stop: kill };
}

async function waitForPing(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on("error", () => {});
    try {
      await client.connect();
      if ((await client.ping()) === "PONG") return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}`, { cause: error });
    } finally {
      client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
