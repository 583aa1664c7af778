import { afterEach, describe, expect, it } from "vitest";
import type { TestTask } from "./test-task-worker.js";
import { isOutOfMemory, WorkerPool, WorkerTaskTimeoutError } from "./worker-pool.js";

const entry = new URL("./test-task-worker.ts", import.meta.url);
const pools: Array<WorkerPool<TestTask, string>> = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function pool(limits: ConstructorParameters<typeof WorkerPool>[4]): WorkerPool<TestTask, string> {
  const created = new WorkerPool<TestTask, string>(entry, 1, undefined, "test", limits);
  pools.push(created);
  return created;
}

describe("WorkerPool task limits", () => {
  it("stops a task that runs past its time limit, and the next task gets a fresh worker", async () => {
    const workers = pool({ timeoutMs: 3_000 });
    // Warm: the first task pays for the worker's start (the tsx loader), which the limit is not about.
    expect(await workers.run({ kind: "echo", text: "warm" })).toBe("warm");
    const error = await workers.run({ kind: "spin" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkerTaskTimeoutError);
    expect(await workers.run({ kind: "echo", text: "after" })).toBe("after");
  }, 30_000);

  it("fails a task whose worker runs out of heap as out of memory, and the next task gets a fresh worker", async () => {
    const workers = pool({ resourceLimits: { maxOldGenerationSizeMb: 256 } });
    const error = await workers.run({ kind: "allocate" }).catch((caught: unknown) => caught);
    expect(isOutOfMemory(error)).toBe(true);
    expect(await workers.run({ kind: "echo", text: "after" })).toBe("after");
  }, 60_000);
});
