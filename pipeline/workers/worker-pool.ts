import { Worker, type ResourceLimits } from "node:worker_threads";

/** Bounds on one task, enforced by stopping the worker that holds it (a new one starts on demand). */
export interface TaskLimits {
  /** A task running longer is abandoned and its worker terminated. */
  readonly timeoutMs?: number;
  /** The worker's V8 heap bounds; a worker that exceeds them dies and its task fails with `ERR_WORKER_OUT_OF_MEMORY`. */
  readonly resourceLimits?: ResourceLimits;
}

/** A task ran past `TaskLimits.timeoutMs`; its worker was terminated. */
export class WorkerTaskTimeoutError extends Error {
  constructor(readonly timeoutMs: number, poolName: string) {
    super(`A ${poolName} task ran longer than ${timeoutMs} ms; its worker was stopped`);
    this.name = "WorkerTaskTimeoutError";
  }
}

/** Whether a task failed because its worker ran out of heap (it died, and was replaced). */
export function isOutOfMemory(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if ((current as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY") return true;
  }
  return false;
}

interface Task<Request, Reply> {
  readonly id: number;
  readonly request: Request;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (reply: Reply) => void;
  readonly reject: (error: unknown) => void;
  onAbort?: () => void;
  timer?: NodeJS.Timeout;
}

interface Slot<Request, Reply> {
  readonly worker: Worker;
  task: Task<Request, Reply> | null;
}

type WorkerMessage<Reply> =
  | { readonly id: number; readonly ok: true; readonly reply: Reply }
  | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly stack?: string } };

/**
 * Worker threads for CPU-bound work, so it never blocks the event loop that drives model calls and I/O.
 * Workers start on demand up to `size`, take one task at a time, first in first out, and do not keep the
 * process alive while idle. An aborted task's worker is stopped (it frees the core at once) and replaced
 * on demand. The worker module answers with `serveWorkerTasks` (worker-task.ts).
 */
export class WorkerPool<Request, Reply> {
  readonly #slots: Array<Slot<Request, Reply>> = [];
  readonly #queue: Array<Task<Request, Reply>> = [];
  #nextId = 1;
  #closed = false;

  constructor(
    private readonly entry: URL,
    readonly size: number,
    private readonly workerData: unknown = undefined,
    /** Names the pool in its errors: "The OCR pool is closed". */
    private readonly name = "worker",
    private readonly limits: TaskLimits = {},
  ) {}

  run(request: Request, signal?: AbortSignal): Promise<Reply> {
    if (this.#closed) return Promise.reject(new Error(`The ${this.name} pool is closed`));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Reply>((resolve, reject) => {
      const task: Task<Request, Reply> = { id: this.#nextId++, request, signal, resolve, reject };
      if (signal) {
        task.onAbort = () => this.#abort(task);
        signal.addEventListener("abort", task.onAbort, { once: true });
      }
      this.#queue.push(task);
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const task of this.#queue.splice(0)) this.#settle(task, () => task.reject(new Error(`The ${this.name} pool was closed before this task ran`)));
    await Promise.all(
      this.#slots.splice(0).map(async (slot) => {
        const task = slot.task;
        if (task) this.#settle(task, () => task.reject(new Error(`The ${this.name} pool was closed while this task ran`)));
        await slot.worker.terminate();
      }),
    );
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const slot = this.#slots.find((candidate) => candidate.task === null) ?? (this.#slots.length < this.size ? this.#spawn() : undefined);
      if (!slot) return;
      const task = this.#queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage({ id: task.id, request: task.request });
      const timeoutMs = this.limits.timeoutMs;
      if (timeoutMs !== undefined) task.timer = setTimeout(() => this.#stop(slot, task, new WorkerTaskTimeoutError(timeoutMs, this.name)), timeoutMs).unref();
    }
  }

  #spawn(): Slot<Request, Reply> {
    const worker = startWorker(this.entry, this.workerData, this.limits.resourceLimits);
    const slot: Slot<Request, Reply> = { worker, task: null };
    worker.on("message", (message: WorkerMessage<Reply>) => {
      const task = slot.task;
      if (!task || task.id !== message.id) return;
      slot.task = null;
      worker.unref();
      if (message.ok) this.#settle(task, () => task.resolve(message.reply));
      else this.#settle(task, () => task.reject(Object.assign(new Error(message.error.message), { name: message.error.name, stack: message.error.stack })));
      this.#dispatch();
    });
    const fail = (error: Error) => {
      this.#remove(slot);
      const task = slot.task;
      slot.task = null;
      if (task) this.#settle(task, () => task.reject(error));
      this.#dispatch();
    };
    worker.on("error", (error) => fail(new Error(`A ${this.name} worker thread crashed: ${error.message}`, { cause: error })));
    worker.on("exit", (code) => {
      if (!this.#closed) fail(new Error(`A ${this.name} worker thread exited unexpectedly with code ${code}`));
    });
    worker.unref();
    this.#slots.push(slot);
    return slot;
  }

  #abort(task: Task<Request, Reply>): void {
    const queued = this.#queue.indexOf(task);
    if (queued >= 0) this.#queue.splice(queued, 1);
    const slot = this.#slots.find((candidate) => candidate.task === task);
    if (slot) this.#stop(slot, task, task.signal?.reason);
    else {
      this.#settle(task, () => task.reject(task.signal?.reason));
      this.#dispatch();
    }
  }

  /** Ends a running task with `reason` and terminates its worker, which frees its core and memory at once. */
  #stop(slot: Slot<Request, Reply>, task: Task<Request, Reply>, reason: unknown): void {
    if (slot.task !== task) return;
    slot.task = null;
    this.#remove(slot);
    void slot.worker.terminate();
    this.#settle(task, () => task.reject(reason));
    this.#dispatch();
  }

  #remove(slot: Slot<Request, Reply>): void {
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
  }

  #settle(task: Task<Request, Reply>, settle: () => void): void {
    if (task.onAbort) task.signal?.removeEventListener("abort", task.onAbort);
    clearTimeout(task.timer);
    settle();
  }
}

/**
 * Starts a worker module. From TypeScript sources (tsx, vitest) the worker first registers tsx's loader,
 * because Node 20 does not apply `--import` hooks to a worker's entry module; a compiled build loads the
 * `.js` entry directly.
 */
function startWorker(entry: URL, workerData: unknown, resourceLimits: ResourceLimits | undefined): Worker {
  const limits = resourceLimits ? { resourceLimits } : {};
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, { workerData, ...limits });
  const loader = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData, ...limits });
}
