import type { Redis } from "ioredis";
import { openStageQueues, STAGES, type QueueStage } from "./stage-queues.js";

export interface StageStatus {
  readonly stage: QueueStage;
  /** Waiting to start, delayed retries included. */
  readonly waiting: number;
  readonly active: number;
  /** Completed jobs kept (a week). */
  readonly done: number;
  /** Jobs that failed every attempt (kept a week). */
  readonly failed: number;
  /** The workers connected to this stage, by name (host:pid). */
  readonly workers: readonly string[];
}

/** Counts per stage and the workers alive: what `npm run queue -- status` prints and an operator watches. */
export async function queueStatus(redis: Redis): Promise<StageStatus[]> {
  const queues = openStageQueues(redis);
  try {
    return await Promise.all(
      STAGES.map(async (stage) => {
        const queue = queues[stage];
        const counts = await queue.getJobCounts("waiting", "prioritized", "delayed", "waiting-children", "active", "completed", "failed");
        const clients = await queue.getWorkers();
        const workers = [...new Set(clients.map((client) => workerName(client)))].sort();
        return {
          stage,
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0) + (counts["waiting-children"] ?? 0),
          active: counts.active ?? 0,
          done: counts.completed ?? 0,
          failed: counts.failed ?? 0,
          workers,
        };
      }),
    );
  } finally {
    await queues.close();
  }
}

/** A worker's client is named `PREFIX:BASE64(queue):w:NAME` by BullMQ. */
function workerName(client: Record<string, string>): string {
  const raw = client.rawname ?? client.name ?? "";
  const marker = raw.indexOf(":w:");
  return marker >= 0 ? raw.slice(marker + 3) : raw;
}

export function formatQueueStatus(stages: readonly StageStatus[]): string {
  const header = ["stage", "waiting", "active", "done", "failed", "workers"];
  const rows = stages.map((status) => [status.stage, String(status.waiting), String(status.active), String(status.done), String(status.failed), String(status.workers.length)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  const names = [...new Set(stages.flatMap((status) => status.workers.map((name) => `${name} (${stages.filter((other) => other.workers.includes(name)).map((other) => other.stage).join(",")})`)))];
  return [line(header), ...rows.map(line), "", `workers alive: ${names.length}${names.length ? `\n  ${names.join("\n  ")}` : ""}`].join("\n") + "\n";
}
