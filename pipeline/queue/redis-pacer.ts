import type { Redis } from "ioredis";
import { sleepWithSignal, type RequestPacer } from "../llm/llm-gateway.js";
import { QUEUE_PREFIX } from "./stage-queues.js";

/**
 * Reserves the next start slot in Redis, atomically, on Redis's own clock: the slot is the later of now and
 * the key's next free time, which moves on by one interval. Every process sharing the key therefore starts
 * at most one request per interval between them, whatever their number and however their clocks drift.
 */
const RESERVE_SLOT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local interval = tonumber(ARGV[1])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, free)
redis.call('SET', KEYS[1], slot + interval, 'PX', slot + interval - now + 60000)
return slot - now
`;

/**
 * How late a request may reach the model after its slot (the worker's timer, its event loop, the HTTP
 * client) with the cap still holding in every 60-s window at the model: the slots are spread over 61 s
 * instead of 60, 1.6 % of the allowance. Without it, a window at the model could hold a slot late from
 * the window before: a 4-worker benchmark on a loaded machine counted 603 at --rpm 600.
 */
const DELIVERY_GUARD_MS = 1_000;

/**
 * The `--rpm` cap across every worker of the queue: one start per (60000 + guard)/rpm ms: an even pace, as the
 * single-machine gateway keeps in-process, not a per-minute allowance that bursts; shared per endpoint and
 * model.
 */
export function createRedisPacer(redis: Redis, scope: { readonly endpoint: string; readonly model: string; readonly requestsPerMinute: number }): RequestPacer {
  const key = `${QUEUE_PREFIX}:pace:${scope.endpoint}/${scope.model}`;
  const interval = Math.ceil((60_000 + DELIVERY_GUARD_MS) / scope.requestsPerMinute);
  return {
    async wait(signal) {
      const delay = Number(await redis.eval(RESERVE_SLOT, 1, key, interval));
      if (delay > 0) await sleepWithSignal(delay, signal);
    },
  };
}
