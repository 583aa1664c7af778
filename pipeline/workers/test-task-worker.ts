/**
 * Test support: a worker thread for `WorkerPool` tests that does what the request says: answers at once,
 * never finishes, or allocates until its heap runs out.
 */
import { serveWorkerTasks } from "./serve-worker-tasks.js";

export type TestTask = { readonly kind: "echo"; readonly text: string } | { readonly kind: "spin" } | { readonly kind: "allocate" };

serveWorkerTasks<TestTask, string>(async (task) => {
  if (task.kind === "echo") return task.text;
  if (task.kind === "spin") for (;;);
  const hoard: number[][] = [];
  for (;;) hoard.push(Array.from({ length: 100_000 }, (_, index) => index));
});
