#!/usr/bin/env -S npx tsx
import { redactUrl } from "../pipeline/config.js";
import { formatQueueStatus, queueStatus } from "../pipeline/queue/queue-status.js";
import { connectRedis, probeRedis } from "../pipeline/queue/stage-queues.js";
import { parseCommandLine, runCommand } from "./command-line.js";

const HELP = `Usage: queue status --queue redis://HOST:PORT[/DB] [--json]

Prints, per stage (read, extract), the jobs waiting, active, done and failed, and the workers connected.`;

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine({ args: argv, allowPositionals: true, options: { queue: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } }, HELP);
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const url = values.queue ?? process.env.INGEST_QUEUE;
  if (positionals[0] !== "status" || positionals.length !== 1 || !url) {
    process.stderr.write(`${HELP}\n`);
    return 2;
  }
  let redis;
  try {
    // A status command should say Redis is down, not wait for it.
    await probeRedis(url);
    redis = connectRedis(url);
    const stages = await queueStatus(redis);
    process.stdout.write(values.json ? JSON.stringify({ queue: redactUrl(url), stages }, null, 2) + "\n" : formatQueueStatus(stages));
    return 0;
  } catch (error) {
    process.stderr.write(`queue: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    redis?.disconnect();
  }
}

runCommand("queue", main);
