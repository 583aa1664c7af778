/**
 * Preloaded (`tsx --import ./test/child-fake-model.ts bin/ingest.ts …`) into a child `ingest` process that a
 * test kills (or a queue worker): msw answers the fake endpoint inside that process, as the gold oracle, after
 * FAKE_MODEL_DELAY_MS. The test itself cannot intercept another process's requests. With FAKE_MODEL_LOG set,
 * each request's arrival time (ms since the epoch) is appended to that file, one a line, so a benchmark can
 * count the requests of several processes in any window.
 */
import { appendFileSync } from "node:fs";
import { createGoldOracle } from "../eval/gold-oracle.js";
import { loadAllGold } from "../eval/load-gold.js";
import { delay, FakeModel } from "./fake-model.js";

const oracle = createGoldOracle(loadAllGold());
const latency = Number(process.env.FAKE_MODEL_DELAY_MS ?? "0");
const log = process.env.FAKE_MODEL_LOG;
const fake = new FakeModel(async (body, index) => {
  if (log) appendFileSync(log, `${Date.now()}\n`);
  await delay(latency);
  return oracle.respond(body, index);
});
fake.listen();
