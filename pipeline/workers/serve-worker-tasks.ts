import { parentPort } from "node:worker_threads";

/** The worker side of `WorkerPool`: answers each task message with the handler's reply or its error. */
export function serveWorkerTasks<Request, Reply>(handle: (request: Request) => Promise<Reply>): void {
  const port = parentPort;
  if (!port) throw new Error("This module runs inside a worker thread started by WorkerPool");
  port.on("message", async ({ id, request }: { id: number; request: Request }) => {
    try {
      port.postMessage({ id, ok: true, reply: await handle(request) });
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ id, ok: false, error: { name: failure.name, message: failure.message, stack: failure.stack } });
    }
  });
}
