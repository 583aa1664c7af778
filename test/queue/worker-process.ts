import { spawn } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../helpers.js";

export interface WorkerProcess {
  readonly child: ReturnType<typeof spawn>;
  /** Resolves once the worker says it is serving. */
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
  stderr(): string;
}

/**
 * `bin/worker.ts` in a child process of its own (tsx as a loader in that very process, so SIGKILL reaches
 * the worker itself), the fake model preloaded when `fakeModel` (test/child-fake-model.ts).
 */
export function spawnWorker(url: string, args: readonly string[], options: { readonly fakeModel?: boolean; readonly env?: Record<string, string> } = {}): WorkerProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", ...(options.fakeModel ? ["--import", path.join(repoRoot, "test/child-fake-model.ts")] : []), path.join(repoRoot, "bin/worker.ts"), "--queue", url, ...args],
    { cwd: repoRoot, env: { ...process.env, ...options.env }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    if (/worker \S+: serving/.test(stderr)) markReady();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  void exited.then(() => markReady());
  return { child, ready, exited, stderr: () => stderr };
}
